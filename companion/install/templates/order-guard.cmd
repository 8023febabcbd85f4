@rem Written by `order-guard autostart on`; removed by `order-guard autostart off`.
@start "Order Guard" /b $command
