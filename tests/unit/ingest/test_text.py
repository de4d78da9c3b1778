"""One decoder for every file a user hands luoshi: UTF-8 (with or without BOM) or GBK, detected alike."""

from __future__ import annotations

import pytest

from luoshi.domain.errors import InvalidInput
from luoshi.ingest.text import decode_text

TEXT = "指标,年份,数值\n地区生产总值,2020,428.2\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        "\ufeff".encode() + TEXT.encode("utf-8"),
        TEXT.encode("gbk"),
        TEXT.encode("gb18030"),
        TEXT.encode("utf-16"),  # with its byte-order mark, as Excel's "Unicode text"
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "utf-16"],
)
def test_every_common_encoding_reads_the_same(data: bytes) -> None:
    assert decode_text(data, "a.csv") == TEXT


def test_a_forced_encoding_is_used_and_a_wrong_one_named() -> None:
    traditional = "地區生產總值,2020,428.2\n"
    assert decode_text(traditional.encode("big5"), "a.csv", "big5") == traditional
    assert decode_text("\ufeff".encode() + TEXT.encode("utf-8"), "a.csv", "utf-8") == TEXT
    with pytest.raises(InvalidInput) as caught:
        decode_text(TEXT.encode("gbk"), "a.csv", "utf-8")
    assert str(caught.value).startswith("a.csv:1: not utf-8 text; it reads as GBK")
    with pytest.raises(InvalidInput, match="编码“gbk”"):  # the upload form names its own field
        decode_text(TEXT.encode("gbk"), "a.csv", "utf-8", option="编码“{}”")
    with pytest.raises(InvalidInput, match="unknown encoding 'klingon'"):
        decode_text(TEXT.encode("utf-8"), "a.csv", "klingon")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b" \n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("name,value\ncafé,1\n".encode("latin-1"), "neither UTF-8 nor GBK"),
    ],
)
def test_what_is_not_text_is_named(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        decode_text(data, "a.csv")
