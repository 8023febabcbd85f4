"""What keeps the loop answering during a restore: the decoder that reads one order per call (it reads
what json does and refuses what the API's decoder refuses), and the shorter switch interval of a bulk job."""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings, strategies as st

from companion.service import stepwise_json

_json = st.recursive(st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False, allow_infinity=False)
                     | st.text(max_size=20), lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                     max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(orders=st.lists(_json, max_size=6), extra=st.dictionaries(st.text(max_size=8), _json, max_size=3),
       pretty=st.booleans())
def test_it_reads_what_json_reads(orders, extra, pretty):
    doc = {**extra, "orders": orders}
    text = json.dumps(doc, indent=2 if pretty else None, ensure_ascii=False)
    assert stepwise_json.loads(text.encode("utf-8")) == json.loads(text)


@pytest.mark.parametrize("raw", [b'{"orders": [1,]}', b'{"orders": [1 2]}', b'{"orders": [1]} x', b'{"a": NaN}',
                                 b'{"orders": [Infinity]}', b"{a: 1}", b'{"a": 1,}', b"[", b"", b"\xff\xfe",
                                 b'{"orders": ["\x01"]}', b"1" * 5000, b"[" * 100_000])
def test_it_refuses_what_is_not_json(raw):
    with pytest.raises(stepwise_json.NotJson):
        stepwise_json.loads(raw)
    if raw not in (b"1" * 5000, b"[" * 100_000):
        with pytest.raises(orjson.JSONDecodeError):
            orjson.loads(raw)  # the API's own decoder refuses it too


def test_a_bulk_job_shortens_the_switch_interval_and_gives_back_the_one_the_process_had():
    import sys

    from companion.service import gc_policy

    before = sys.getswitchinterval()
    with gc_policy.loop_first():
        with gc_policy.loop_first():
            assert sys.getswitchinterval() == min(before, gc_policy.BULK_SWITCH_SECONDS)
        assert sys.getswitchinterval() == min(before, gc_policy.BULK_SWITCH_SECONDS)  # the outer job still runs
    assert sys.getswitchinterval() == before
