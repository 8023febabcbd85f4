"""What keeps the loop answering during a restore: the decoder that reads one order per call (it reads
what json does and refuses what the API's decoder refuses), and the shorter switch interval of a bulk job."""

from __future__ import annotations

import json
from unittest import mock

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


@settings(max_examples=200, deadline=None)
@given(orders=st.lists(_json, max_size=6), extra=st.dictionaries(st.text(max_size=8), _json, max_size=3),
       pretty=st.booleans(), piece=st.integers(1, 9))
def test_it_reads_the_same_when_the_bytes_come_in_small_pieces(orders, extra, pretty, piece):
    # pieces of a few bytes cut names, numbers ("12|34" must not give 12) and letters of two or
    # more bytes ("д", "ש") wherever they fall
    doc = {**extra, "orders": orders}
    text = json.dumps(doc, indent=2 if pretty else None, ensure_ascii=False)
    with mock.patch.object(stepwise_json, "PIECE_BYTES", piece):
        assert stepwise_json.loads(text.encode("utf-8")) == json.loads(text)


@settings(max_examples=100, deadline=None)
@given(orders=st.lists(_json, max_size=6), cuts=st.lists(st.integers(0, 400), max_size=8))
def test_it_reads_the_bytes_in_the_pieces_they_arrived_in(orders, cuts):
    text = json.dumps({"orders": orders, "n": 1.5}, ensure_ascii=False)
    raw = text.encode("utf-8")
    bounds = sorted({0, len(raw), *(c for c in cuts if c < len(raw))})
    pieces = [raw[a:b] for a, b in zip(bounds, bounds[1:])] + [b""]
    with mock.patch.object(stepwise_json, "PIECE_BYTES", 5):
        assert stepwise_json.loads(pieces) == json.loads(text)


@pytest.mark.parametrize("piece", range(1, 40))
def test_a_number_cut_by_the_end_of_a_piece_is_read_whole(piece):
    # every cut: "1|0.5e-3" must not give 1, nor "10.|5e-3" 10, nor "10.5e|-3" a refusal
    raw = b'{"orders": [10.5e-3, -1234567, 89], "n": 1234567890}'
    with mock.patch.object(stepwise_json, "PIECE_BYTES", piece):
        assert stepwise_json.loads(raw) == {"orders": [0.0105, -1234567, 89], "n": 1234567890}


def test_the_decoded_orders_are_freed_and_the_rest_kept():
    doc = {"orders": [{"order_id": str(n)} for n in range(1000)], "format": "x"}
    stepwise_json.release(doc)
    assert doc == {"orders": [], "format": "x"}


@pytest.mark.parametrize("raw", [b'{"orders": [1,]}', b'{"orders": [1 2]}', b'{"orders": [1]} x', b'{"a": NaN}',
                                 b'{"orders": [Infinity]}', b"{a: 1}", b'{"a": 1,}', b"[", b"", b"\xff\xfe",
                                 b'{"orders": ["\x01"]}', b"1" * 5000, b"[" * 100_000])
def test_it_refuses_what_is_not_json(raw):
    with pytest.raises(stepwise_json.NotJson):
        stepwise_json.loads(raw)
    with mock.patch.object(stepwise_json, "PIECE_BYTES", 3), pytest.raises(stepwise_json.NotJson):
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
