"""Numbers as Chinese texts print them: Arabic (1,234.5, full-width １２), Chinese (一千二百, 三点五),
digit by digit (二〇三五, 二○三五), and 百分之三点五.

>>> parse_number("一千二百")
1200.0
>>> parse_number("二○三五")
2035.0
>>> parse_number("１,312.5")
1312.5
"""

from __future__ import annotations

import re
from typing import Final

#: Chinese digits (with the 〇 and ○ that OCR and typesetters use for zero, and the banker's forms)
DIGITS: Final[dict[str, int]] = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "0": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}

#: Chinese place values below 万 (十, 百, 千) and the section markers 万 and 亿
PLACES: Final[dict[str, int]] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
SECTIONS: Final[dict[str, int]] = {"万": 10_000, "亿": 100_000_000}

_CN_DIGIT = "〇○零一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_ANY = _CN_DIGIT + "十拾百佰千仟万亿"

#: an Arabic number, with optional thousands separators: "1,312.5" in "常住人口1,312.5万人"
#: (OCR prints a decimal point as a middle dot: "2·3%")
ARABIC: Final[str] = r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．·][0-9０-９]+)?"

#: Arabic digits with Chinese place values, as reports write large round counts: "1万6千" (16000),
#: "2万5千", "1亿3千" (followed by 万: 1亿3千万)
MIXED: Final[str] = r"[0-9]{1,4}[亿万](?:[0-9]{1,4}[千百])+"

#: a Chinese number that starts with a digit or 十 (so 千家万户 and 百花 are not numbers):
#: "一千二百" in "新增就业一千二百人", "三点五" in "增长百分之三点五"
CHINESE: Final[str] = f"[{_CN_DIGIT}十拾][{_CN_ANY}]*(?:点[{_CN_DIGIT}]+)?"

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，·", "0123456789.,.")
_ARABIC_RE = re.compile(f"^{ARABIC}$")
_CHINESE_RE = re.compile(f"^{CHINESE}$")


def parse_arabic(text: str) -> float:
    """``"1,312.5"`` -> 1312.5; full-width digits are allowed (``"４.２"`` -> 4.2)."""
    return float(text.translate(_FULL_WIDTH).replace(",", ""))


def parse_chinese(text: str) -> float:
    """Read a Chinese numeral: ``"一千二百"`` -> 1200, ``"二十万"`` -> 200000, ``"三点五"`` -> 3.5,
    ``"一亿二千万"`` -> 120000000, ``"二〇三五"`` (digit by digit, as in years) -> 2035.

    Raises ValueError for text that is not a Chinese numeral.
    """
    if not text:
        raise ValueError("empty numeral")
    whole, _, fraction = text.partition("点")
    value = float(_chinese_integer(whole))
    if fraction:
        if any(ch not in DIGITS for ch in fraction):
            raise ValueError(f"not a decimal fraction: {fraction!r}")
        value += float("0." + "".join(str(DIGITS[ch]) for ch in fraction))
    return value


def _chinese_integer(text: str) -> int:
    if not text:
        raise ValueError("empty numeral")
    if all(ch in DIGITS for ch in text):
        # digit by digit: 二〇三五 -> 2035 (a single digit is read the same way)
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = section = number = 0
    for ch in text:  # numerals are a few characters long
        if ch in DIGITS:
            number = DIGITS[ch]
        elif ch in PLACES:
            section += (number or 1) * PLACES[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * SECTIONS[ch]
            section = number = 0
        elif ch == "亿":
            total = (total + section + number) * SECTIONS[ch]
            section = number = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + section + number


def parse_mixed(text: str, then_wan: bool = False) -> float:
    """``"1万6千"`` -> 16000; ``"1亿3千"`` followed by 万 (``then_wan``) -> 130000000.

    >>> parse_mixed("2万5千"), parse_mixed("1亿3千", then_wan=True)
    (25000.0, 130000000.0)
    """
    total = 0.0
    tail = 0.0  # the part after the last 亿 or 万
    for digits, place in re.findall(r"([0-9]+)([亿万千百])", text):
        n = float(digits)
        if place == "亿":
            total += n * 1e8
        elif place == "万":
            total += n * 1e4
        else:
            tail += n * PLACES[place]
    if then_wan:
        return total + tail * 1e4
    return total + tail


def parse_number(text: str) -> float:
    """Read an Arabic or Chinese number, or ``百分之…`` (returned as the percent figure: 百分之三点五 -> 3.5).

    Raises ValueError for text that is neither.
    """
    text = text.strip()
    if text.startswith("百分之"):
        text = text[3:]
    if _ARABIC_RE.match(text):
        return parse_arabic(text)
    if _CHINESE_RE.match(text):
        return parse_chinese(text)
    raise ValueError(f"not a number: {text!r}")


def is_small_chinese(text: str) -> bool:
    """True for a Chinese count of at most ten written as a word (一, 两, 六, 十): these name slogans
    and programmes far more often than they count things (六项行动, 九个聚焦, 两个维护)."""
    return len(text) == 1 and (text in DIGITS or text in "十拾")
