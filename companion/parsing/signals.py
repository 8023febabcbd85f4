"""Language-independent signals: seller-API status codes, button codes, old-page button classes.

Status is decided from the shown text first (per-locale vocabulary), then from these signals,
and only then given up as ``unknown``.
"""

from __future__ import annotations

from companion.parsing import vocab

STATUS_CODES = {
    "PLACE_ORDER_SUCCESS": "awaiting_payment", "RISK_CONTROL": "awaiting_payment", "WAIT_BUYER_PAY": "awaiting_payment",
    "WAIT_SELLER_SEND_GOODS": "awaiting_shipment", "WAIT_SELLER_EXAMINE_MONEY": "awaiting_shipment",
    "SELLER_PART_SEND_GOODS": "awaiting_delivery", "WAIT_BUYER_ACCEPT_GOODS": "awaiting_delivery",
    "WAIT_BUYER_CONFIRM_GOODS": "awaiting_delivery",
    "FUND_PROCESSING": "completed", "FINISH": "completed", "FINISHED": "completed",
    "IN_ISSUE": "in_dispute", "IN_FROZEN": "in_dispute", "IN_CANCEL": "closed", "CLOSED": "closed", "TRADE_CLOSED": "closed",
}

# Old trade.aliexpress.com buttons are named by class, not by text.
OLD_BUTTON_CLASSES = {
    "button-confirmorderreceived": "CONFIRM_GOODS", "button-logisticstracking": "TRACKING", "button-pay": "PAY",
    "button-payorder": "PAY", "button-paynow": "PAY", "button-cancelorder": "CANCEL", "button-opendispute": "OPEN_DISPUTE",
    "button-extendprotection": "EXTEND_PROTECTION", "button-requestextend": "EXTEND_PROTECTION",
    "button-deleteorder": "DELETE", "button-leavefeedback": "FEEDBACK", "button-viewdispute": "VIEW_DISPUTE",
    "button-remindsendgoods": "REMIND_SHIP", "button-addtocart": "REPURCHASE", "button-readdtocart": "REPURCHASE",
    "button-extendsendgoodstime": "EXTEND_PROCESSING", "button-confirmreceived": "CONFIRM_GOODS",
}

# Data type codes that mean the same action under another name.
BUTTON_ALIASES = {"REPURCHASE_LINE": "REPURCHASE", "CONFIRM_RECEIPT": "CONFIRM_GOODS", "CONFIRM_ORDER_RECEIVED": "CONFIRM_GOODS",
                  "LOGISTICS_TRACKING": "TRACKING", "PAY_NOW": "PAY", "CANCEL_ORDER": "CANCEL", "EXTEND_BUYER_PROTECTION": "EXTEND_PROTECTION"}


def button_from_type(code: object) -> str | None:
    if not isinstance(code, str) or not code or len(code) > 64:
        return None
    code = code.strip().upper()
    return BUTTON_ALIASES.get(code, code)


def button_from_text(text: str, lang: str | None) -> str | None:
    return vocab.button_code(text, lang)


def button_from_classes(classes: list[str] | None) -> str | None:
    for cls in classes or ():
        # 2014-2015 pages spell them button_confirmOrderReceived, later ones button-confirmOrderReceived
        code = OLD_BUTTON_CLASSES.get(cls.lower().replace("button_", "button-", 1))
        if code:
            return code
    return None


def add_button(buttons: list[str], code: str | None) -> None:
    if code and code not in buttons and len(buttons) < 30:
        buttons.append(code)


def status_from_buttons(buttons: list[str]) -> str | None:
    present = set(buttons)
    if "VIEW_DISPUTE" in present:
        return "in_dispute"
    if "PAY" in present:
        return "awaiting_payment"
    if present & {"CONFIRM_GOODS", "EXTEND_PROTECTION"}:
        return "awaiting_delivery"
    if present & {"REMIND_SHIP", "EXTEND_PROCESSING"} or ("CANCEL" in present and "TRACKING" not in present):
        return "awaiting_shipment"
    return None


def decide_status(text: str | None, lang: str | None, codes: list[str] = (), buttons: list[str] = ()) -> str:
    if text:
        found = vocab.status_code(text, lang)
        if found:
            return found
    for code in codes:
        if isinstance(code, str) and code.upper() in STATUS_CODES:
            return STATUS_CODES[code.upper()]
    return status_from_buttons(list(buttons)) or "unknown"
