"""The page report holds the page's structure and what was read, and no text of the page."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString

from companion import cli
from companion.parsing import parse_page, report

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
WHEN = datetime(2026, 9, 7, 15, tzinfo=timezone.utc)
CASES = [
    ("trade_list/real_2015_page_1_ru.html", "https://trade.aliexpress.com/orderList.htm"),
    ("order_list/real_capture_page_en.html", "https://www.aliexpress.com/p/order/index.html"),
    ("order_detail/real_capture_page_en.html", "https://www.aliexpress.com/p/order/detail.html?orderId=8212313961591322"),
    ("ru_detail/completed_ru.html", ""),
]


def page_texts(html: str) -> set[str]:
    """Every text and every attribute value but class names, as a reader of the page sees them."""
    tree = BeautifulSoup(html, "lxml")
    out = set()
    for node in tree.descendants:
        if isinstance(node, NavigableString):
            out.update(t for t in re.split(r"\s{2,}", str(node).strip()) if t)
        elif node.attrs:
            for name, value in node.attrs.items():
                if name != "class":
                    out.add(" ".join(value) if isinstance(value, list) else str(value))
    return out


def leaks(text: str, dumped: str, structure: str) -> bool:
    # Strings of four characters or fewer occur anywhere by chance; a value that is part of a
    # class, tag or attribute name is the page's structure, which the report keeps on purpose.
    return len(text) > 4 and text in dumped and text not in structure


@pytest.mark.parametrize("name, url", CASES, ids=[c[0] for c in CASES])
def test_report_holds_no_text_of_the_page(name, url):
    html = (PAGES / name).read_text(encoding="utf-8")
    made = report.build(url, html, parse_page(url, html, WHEN))
    dumped = json.dumps(made, ensure_ascii=False)
    structure = " ".join(re.findall(r'"class": \[([^\]]*)\]', dumped) + re.findall(r'"(?:tag|[\w:-]+)": ', dumped)) + \
        " ".join(made["warnings"]) + json.dumps(made["orders_read"]) + json.dumps(made["url"])
    leaked = sorted(t for t in page_texts(html) if leaks(t, dumped, structure))
    assert not leaked, leaked[:5]
    for private in ("Comprador Exemplo", "11999999999", "Rua Exemplo", "Buyer", "SUSAN LIU", "8212313961591322", "64593674232349"):
        assert private not in dumped
    assert made["structure"] and made["reading"]["seen"] is not None


def test_report_says_what_was_read():
    html = (PAGES / CASES[0][0]).read_text(encoding="utf-8")
    made = report.build(CASES[0][1], html, parse_page(CASES[0][1], html, WHEN))
    assert made["page_kind"] == "trade_list" and made["reading"] == {"seen": 10, "read": 10}
    assert len(made["orders_read"]) == 10
    assert {"order_date", "status", "store", "total"} <= set(made["orders_read"][0]["fields_read"])
    assert made["url"] == {"host": "trade.aliexpress.com", "path": "/orderList.htm", "query_keys": []}


def test_report_of_captured_data_keeps_keys_not_values():
    data = json.loads((PAGES / "captured" / "order-detail.mtop.json").read_text(encoding="utf-8"))
    made = report.build("", data, parse_page("", data, WHEN))
    dumped = json.dumps(made, ensure_ascii=False)
    assert "8212313961591322" not in dumped and "Comprador" not in dumped and "Rua Exemplo" not in dumped
    assert "data" in made and "tradeOrderId" in dumped


def test_describe_names_length_and_script():
    assert report.describe("Заказ №: 6459") == "13 Cyrillic+Digit+Punct"
    assert report.describe("SUSAN LIU") == "9 Latin"


def test_warnings_in_the_report_quote_nothing():
    assert report._safe_warning("order 66224024961401: status 'Concluso' is not one Order Guard knows") == \
        "order #: status <8 Latin> is not one Order Guard knows"


def test_cli_writes_the_report(tmp_path, capsys):
    out = tmp_path / "report.json"
    src = PAGES / CASES[0][0]
    assert cli.main(["parse", str(src), "--url", CASES[0][1], "--report", str(out)]) == 0
    parsed = json.loads(capsys.readouterr().out)
    made = json.loads(out.read_text(encoding="utf-8"))
    assert made["reading"] == parsed["reading"] == {"seen": 10, "read": 10}
    assert "64593674232349" not in out.read_text(encoding="utf-8")


def test_cli_report_to_a_folder_that_is_missing_is_one_line(tmp_path, capsys):
    # a bad argument, found before the page is read
    assert cli.main(["parse", str(PAGES / CASES[0][0]), "--report", str(tmp_path / "no" / "r.json")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("order-guard: cannot write the report")
