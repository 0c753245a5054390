"""Hostile inputs and good control articles for `hostile.py`, generated from a seed.

Every input is made by one category's generator from a `random.Random` seeded with the run's seed,
the input's index and its category, so the same N and seed give byte-identical files whatever
order they are written in, and a different seed gives different bytes. All text is made up here
from small word lists: nothing is copied from real articles.

Categories are cycled (shuffled per cycle), so each appears once N reaches their number. The big
or blocking ones are rare: `every=d` means 1 + N // d of them once N covers every category, and
`worst=True` marks those that good articles must share a batch with, since the bug to catch is a
bad input losing the good articles read with it.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SIZE_LIMIT = 10_000_000  # the CLI's documented file size limit (README: "over 10 MB")

REAL_COUNTRIES = ["Norway", "Brazil", "Kenya", "Japan", "Chile", "Poland", "Egypt", "Canada",
                  "India", "Ghana", "Peru", "Vietnam", "Turkey", "Mexico"]  # fmt: skip
INVENTED_COUNTRIES = ["Veloria", "Karthenia", "Ostravia", "Mirelund", "Sarvana", "Tolmark",
                      "Quessany", "Drabovia"]  # fmt: skip
CITIES = ["Port Alder", "Vessa", "Lunmoor", "Kiravo", "Geneva", "Nairobi", "Oslo", "Lima",
          "Brenhold", "Amsel"]  # fmt: skip
FIRST_NAMES = ["Ilsa", "Doran", "Maren", "Teodor", "Safiya", "Kalev", "Oriane", "Bram", "Nadia",
               "Yusuf", "Helka", "Rurik"]  # fmt: skip
SURNAMES = ["Varnholt", "Okonkwe", "Lindqvar", "Castellan", "Moravek", "Tsereva", "Abernath",
            "Quillon", "Demirel", "Haskovar"]  # fmt: skip
ROLES = ["foreign minister", "prime minister", "defence minister", "president",
         "opposition leader", "trade minister"]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
TEMPLATES = [
    "{actor} accused {other} of violating the ceasefire agreement along the border.",
    "{actor} signed a trade agreement with {other} on {weekday}.",
    "{actor} met {other} in {city} to discuss the dispute over fishing rights.",
    "{actor} threatened to impose sanctions on {other} if the talks failed.",
    "Protesters gathered outside the parliament in {city} to demand new elections.",
    "{actor} said {number} troops would be withdrawn from the region by the end of the month.",
    "{actor} denied reports that it had supplied weapons to rebels in {country}.",
    "Officials said {number} people were injured in clashes near {city} on {weekday}.",
    "{actor} called on {other} to return to negotiations without preconditions.",
    "{actor} pledged {number} million dollars in humanitarian aid to {country}.",
    "The {role} of {country}, {person}, told reporters that the talks had been constructive.",
    "{person}, the {role} of {country}, rejected the proposal as unacceptable.",
    "Diplomats in {city} said a second round of talks could begin next week.",
    "{actor} expelled two diplomats from {other} after the incident.",
]
RUSSIAN = [
    "Министр иностранных дел встретился с делегацией в столице.",
    "Переговоры продолжатся на следующей неделе, сообщили официальные лица.",
    "Правительство заявило о готовности подписать новое соглашение.",
    "Оппозиция потребовала провести досрочные выборы.",
    "В результате столкновений пострадали несколько человек.",
]
EMOJI = "😀🔥🌍🚀🎉💥🙈🧨🪖🕊️🏳️‍🌈👩‍👩‍👧‍👦🇳🇴🇧🇷"


@dataclass(frozen=True)
class Input:
    """One input to write: a file (or a symlink, FIFO, or folder with a symlink loop)."""

    name: str
    category: str
    data: bytes = b""
    kind: str = "file"  # file | symlink | fifo | loop
    target: str = ""  # where a symlink points
    marker: str | None = None  # good control articles: the word that finds them in the store


@dataclass(frozen=True)
class Category:
    """A kind of hostile input: its generator, the largest file it writes, how rare it is."""

    name: str
    make: Callable[[random.Random, str], Input]
    size: int = 100_000
    every: int | None = None
    worst: bool = False
    blocks: bool = False  # cannot be read to an end (a FIFO, /dev/zero)


# ---------------------------------------------------------------- made-up English news


def _actor(rng: random.Random) -> str:
    country = rng.choice(REAL_COUNTRIES + INVENTED_COUNTRIES)
    return rng.choice([country, f"the government of {country}", f"{country}'s {rng.choice(ROLES)}"])


def sentence(rng: random.Random) -> str:
    """One plausible sentence about an invented political event."""
    text = rng.choice(TEMPLATES).format(
        actor=_actor(rng),
        other=_actor(rng),
        city=rng.choice(CITIES),
        country=rng.choice(REAL_COUNTRIES + INVENTED_COUNTRIES),
        weekday=rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
        number=rng.randint(2, 900),
        role=rng.choice(ROLES),
        person=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
    )
    return text[0].upper() + text[1:]


def news_date(rng: random.Random) -> date:
    return date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))


def spoken(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def headline(rng: random.Random) -> str:
    return sentence(rng).rstrip(".").split(",")[0][:90]


def paragraphs(rng: random.Random, marker: str | None = None) -> list[str]:
    """3-6 paragraphs of 2-4 sentences; the marker, when given, in the first and the last."""
    found = [
        " ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 6))
    ]
    if marker:
        found[0] += f" Negotiators called the plan the {marker} framework."
        found[-1] += f" The {marker} framework is due to be reviewed next year."
    return found


def article_text(rng: random.Random, marker: str | None = None, day: str | None = None) -> str:
    """A plain-text article: headline, then a dateline opening the first paragraph."""
    body = paragraphs(rng, marker)
    dateline = f"{rng.choice(CITIES).upper()}, {day or spoken(news_date(rng))} - "
    return "\n\n".join([headline(rng), dateline + body[0], *body[1:]]) + "\n"


def html_page(title: str, body: list[str], head: str = '<meta charset="utf-8">') -> str:
    """A small news page with navigation and a footer around the article."""
    ps = "\n".join(f"<p>{p}</p>" for p in body)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head>{head}<title>{title}</title></head><body>\n'
        '<nav><a href="/">Home</a> | <a href="/world">World</a></nav>\n'
        f"<article><h1>{title}</h1>\n{ps}\n</article>\n"
        "<footer>Example Wire. All rights reserved.</footer></body></html>\n"
    )


# ---------------------------------------------------------------- good control articles


def good_articles(count: int, seed: int, prefix: str = "zorblax") -> list[Input]:
    """Control articles that every correct ingest stores once: mostly text, some HTML and JSON,
    each with its own marker word (prefix + 4 digits)."""
    return [_good(random.Random(f"{seed}:{prefix}:{i}"), f"{prefix}{i:04d}") for i in range(count)]


def _good(rng: random.Random, marker: str) -> Input:
    day = news_date(rng)
    title, body = headline(rng), paragraphs(rng, marker)
    style = rng.choice(["txt", "txt", "txt", "html", "json"])
    if style == "html":
        head = (
            f'<meta charset="utf-8"><meta property="article:published_time" '
            f'content="{day.isoformat()}">'
        )
        data = html_page(title, [spoken(day), *body], head).encode()
    elif style == "json":
        record = {
            "title": title,
            "date": day.isoformat(),
            "text": "\n\n".join(body),
            "publisher": "Example Wire",
        }
        data = json.dumps(record).encode()
    else:
        city = rng.choice(CITIES).upper()
        data = "\n\n".join([title, f"{city}, {spoken(day)} - {body[0]}", *body[1:]]).encode()
    return Input(f"good_{marker}.{style}", "good", data + b"\n", marker=marker)


# ---------------------------------------------------------------- hostile generators


def _file(stem: str, category: str, ext: str, data: bytes | str) -> Input:
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return Input(f"{stem}_{category}{ext}", category, raw)


def random_bytes(rng: random.Random, stem: str) -> Input:
    ext = rng.choice([".txt", ".html", ".json", ".xml"])
    prefix = rng.choice([b"", b"<html><body>", b'{"text": "', b"<?xml version='1.0'?><rss>"])
    return _file(stem, "random_bytes", ext, prefix + rng.randbytes(rng.randint(1, 65_536)))


def blank(rng: random.Random, stem: str) -> Input:
    data = rng.choice([b"", b" \n\t\r\n" * 50, codecs.BOM_UTF8, b"\n" * 5000, b"\x00" * 1000])
    return _file(stem, "blank", rng.choice([".txt", ".html", ".json"]), data)


def _sprinkle(rng: random.Random, text: str, pieces: list[str], count: int) -> str:
    chars = list(text)
    for _ in range(count):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(pieces))
    return "".join(chars)


def control_chars(rng: random.Random, stem: str) -> Input:
    """NULs and C0/C1 controls, RTL overrides, zero-width marks, or lone surrogates (invalid
    UTF-8 bytes) sprinkled into an article."""
    text = article_text(rng)
    variant = rng.choice(["controls", "rtl", "surrogates"])
    if variant == "controls":
        pieces = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85"]
        data = _sprinkle(rng, text, pieces, 200).encode()
    elif variant == "rtl":
        pieces = ["\u202e", "\u202d", "\u2066", "\u200b", "\ufeff", "\u2028", "\u0301" * 30]
        data = _sprinkle(rng, text, pieces, 100).encode()
    else:
        pieces = ["\ud800", "\udfff", "\udbff\udbff", "\ud83d"]
        data = _sprinkle(rng, text, pieces, 50).encode("utf-8", "surrogatepass")
    return _file(stem, "control_chars", rng.choice([".txt", ".html"]), data)


def wide_unicode(rng: random.Random, stem: str) -> Input:
    """UTF-16 and UTF-32 in either byte order, with and without a BOM."""
    codec = rng.choice(["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
    boms = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }
    ext = rng.choice([".txt", ".html"])
    text = article_text(rng)
    if ext == ".html":
        text = html_page(headline(rng), paragraphs(rng), f'<meta charset="{codec[:6]}">')
    bom = boms[codec] if rng.random() < 0.5 else b""
    return _file(stem, "wide_unicode", ext, bom + text.encode(codec))


def mislabelled(rng: random.Random, stem: str) -> Input:
    """cp1252 bytes under a utf-8 meta, KOI8-R Russian, or UTF-8 under an iso-8859-1 meta."""
    variant = rng.choice(["cp1252_as_utf8", "koi8r", "utf8_as_latin1"])
    body = paragraphs(rng)
    body[0] = f"“{body[0]}” said José Müller of the Café Société — a €{rng.randint(2, 99)} bill."
    if variant == "koi8r":
        text = "\n\n".join(" ".join(rng.choices(RUSSIAN, k=4)) for _ in range(4))
        return _file(stem, "mislabelled", rng.choice([".txt", ".html"]), text.encode("koi8_r"))
    if variant == "cp1252_as_utf8":
        data = html_page(headline(rng), body).encode("cp1252", "replace")
    else:
        data = html_page(headline(rng), body, '<meta charset="iso-8859-1">').encode()
    return _file(stem, "mislabelled", ".html", data)


def compressed(rng: random.Random, stem: str) -> Input:
    """A .txt that is truncated gzip data, or a .json/.html that is a zip archive."""
    text = article_text(rng).encode()
    if rng.random() < 0.5:
        packed = gzip.compress(text * 20, mtime=0)
        return _file(stem, "compressed", ".txt", packed[: rng.randint(10, len(packed) - 1)])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("article.json", (2024, 1, 1, 0, 0, 0)), text)
    return _file(stem, "compressed", rng.choice([".json", ".html"]), buffer.getvalue())


def html_deep(rng: random.Random, stem: str) -> Input:
    """10,000 nested elements around the article, closed or left open."""
    tag = rng.choice(["div", "span", "b", "table"])
    close = f"</{tag}>" * 10_000 if rng.random() < 0.5 else ""
    inner = "".join(f"<p>{p}</p>" for p in paragraphs(rng))
    page = f"<html><body>{f'<{tag}>' * 10_000}{inner}{close}</body></html>"
    return _file(stem, "html_deep", ".html", page)


def html_giant_attribute(rng: random.Random, stem: str) -> Input:
    """A 5 MB attribute value on the paragraph that holds the article."""
    value = "".join(rng.choices("abcdefghij", k=1000)) * 5000
    body = "".join(f"<p>{p}</p>" for p in paragraphs(rng))
    page = f'<html><body><p data-x="{value}">{body}</p></body></html>'
    return _file(stem, "html_giant_attribute", ".html", page)


def html_lying(rng: random.Random, stem: str) -> Input:
    """Script-only pages and charsets that lie or do not exist."""
    variant = rng.choice(["script_only", "bogus_charset", "utf7", "two_charsets", "xml_ebcdic"])
    if variant == "script_only":
        script = "var s='';" * rng.randint(10, 2000)
        return _file(
            stem,
            "html_lying",
            ".html",
            f"<html><head><script>{script}</script></head>"
            f"<body><script>document.write(s)</script></body></html>",
        )
    heads = {
        "bogus_charset": '<meta charset="x-no-such-charset-9">',
        "utf7": '<meta http-equiv="Content-Type" content="text/html; charset=utf-7">',
        "two_charsets": '<meta charset="shift_jis"><meta charset="utf-16">',
        "xml_ebcdic": "",
    }
    page = html_page(headline(rng), paragraphs(rng), heads[variant])
    if variant == "xml_ebcdic":
        page = '<?xml version="1.0" encoding="cp037"?>\n' + page
    return _file(stem, "html_lying", ".html", page)


def _records(rng: random.Random, count: int) -> list[dict]:
    return [
        {
            "title": headline(rng),
            "date": news_date(rng).isoformat(),
            "text": "\n\n".join(paragraphs(rng)),
        }
        for _ in range(count)
    ]


def json_truncated(rng: random.Random, stem: str) -> Input:
    text = json.dumps(_records(rng, rng.randint(1, 5)))
    return _file(stem, "json_truncated", ".json", text[: rng.randint(1, len(text) - 1)])


def json_deep(rng: random.Random, stem: str) -> Input:
    """100,000 levels of arrays or objects, with an article at the bottom."""
    record = json.dumps(_records(rng, 1)[0])
    if rng.random() < 0.5:
        return _file(stem, "json_deep", ".json", "[" * 100_000 + record + "]" * 100_000)
    return _file(stem, "json_deep", ".json", '{"text":' * 100_000 + '"x"' + "}" * 100_000)


def json_wrong_types(rng: random.Random, stem: str) -> Input:
    """Fields of the wrong type: text as a number, list, object, null or bool; date as a list."""
    record = _records(rng, 1)[0]
    field, value = rng.choice(
        [
            ("text", 42),
            ("text", ["a", 1, None]),
            ("text", {"text": record["text"]}),
            ("text", None),
            ("text", True),
            ("date", ["2024", "05"]),
            ("date", 1e308),
            ("title", {"x": 1}),
            ("authors", 7),
            ("url", ["x"]),
            ("publisher", [[]]),
        ]
    )
    record[field] = value
    return _file(stem, "json_wrong_types", ".json", json.dumps(rng.choice([record, [record]])))


def json_nan(rng: random.Random, stem: str) -> Input:
    record = _records(rng, 1)[0]
    field = rng.choice(["text", "date", "title", "score"])
    value = rng.choice(["NaN", "Infinity", "-Infinity"])
    text = json.dumps(record)[:-1] + f', "{field}": {value}}}'
    return _file(stem, "json_nan", ".json", text)


def json_duplicate_keys(rng: random.Random, stem: str) -> Input:
    """Keys given twice: the last value wins in JSON parsers, so it is the article or not."""
    record = _records(rng, 1)[0]
    if rng.random() < 0.5:  # the article last: it should be stored
        text = '{"text": 5, "date": "never", "text": "", ' + json.dumps(record)[1:]
    else:
        text = json.dumps(record)[:-1] + ', "text": "", "text": 5, "date": "never"}'
    return _file(stem, "json_duplicate_keys", ".json", text)


def json_empty_records(rng: random.Random, stem: str) -> Input:
    empty = rng.choice(["{}", '{"text": ""}', '{"text": "   "}', "null", "[]"])
    return _file(stem, "json_empty_records", ".json", "[" + ",".join([empty] * 10_000) + "]")


def jsonl_mixed(rng: random.Random, stem: str) -> Input:
    """Good records mixed with truncated, scalar, deep and NUL lines."""
    good = [json.dumps(r) for r in _records(rng, rng.randint(1, 4))]
    bad = [
        '{"text": "cut off',
        "null",
        "[1, 2]",
        "42",
        "\x00\x00\x00",
        '{"text": NaN}',
        '{"text": {"nested": 1}}',
        "[" * 200 + "]" * 200,
        "}{",
        '"just a string"',
    ]
    lines = good + rng.sample(bad, rng.randint(2, len(bad)))
    rng.shuffle(lines)
    return _file(stem, "jsonl_mixed", ".jsonl", "\n".join(lines) + "\n")


def _rss(items: str, doctype: str = "", title: str = "Example Wire") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://example.org/</link>"
        f"<description>News</description>{items}</channel></rss>\n"
    )


def _item(rng: random.Random, title: str | None = None, day: str | None = None) -> str:
    text = " ".join(paragraphs(rng))
    when = day or "Tue, 05 Mar 2024 10:00:00 GMT"
    return (
        f"<item><title>{title or headline(rng)}</title>"
        f"<link>https://example.org/news/{rng.randint(1, 10**6)}</link>"
        f"<pubDate>{when}</pubDate><description>{text}</description></item>"
    )


LAUGHS = "\n".join(
    ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
)


def feed_entities(rng: random.Random, stem: str) -> Input:
    """Billion laughs, external entities, a parameter entity and an external DTD of /dev/zero."""
    variant = rng.choice(["laughs", "passwd", "parameter", "external_dtd", "atom_passwd"])
    if variant == "atom_passwd":
        page = (
            '<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>&x;'
            f"</title><content>&x; {' '.join(paragraphs(rng))}</content></entry></feed>"
        )
        return _file(stem, "feed_entities", ".atom", page)
    doctype, ref = {
        "laughs": (f"<!DOCTYPE rss [\n{LAUGHS}\n]>", "&lol9;"),
        "passwd": ('<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;"),
        "parameter": ('<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>', ""),
        "external_dtd": ('<!DOCTYPE rss SYSTEM "file:///dev/zero">', ""),
    }[variant]
    items = _item(rng, title=f"{ref} {headline(rng)}") + _item(rng)
    return _file(stem, "feed_entities", rng.choice([".rss", ".xml"]), _rss(items, doctype))


def feed_missing_fields(rng: random.Random, stem: str) -> Input:
    """Items without title, link, date or description; an empty channel; a bare Atom entry."""
    variant = rng.choice(["no_title", "no_description", "empty_channel", "bare_atom", "no_link"])
    if variant == "bare_atom":
        return _file(
            stem,
            "feed_missing_fields",
            ".atom",
            '<feed xmlns="http://www.w3.org/2005/Atom"><entry/><entry><id>1</id></entry></feed>',
        )
    if variant == "empty_channel":
        return _file(stem, "feed_missing_fields", ".rss", '<rss version="2.0"><channel/></rss>')
    item = _item(rng)
    cut = {
        "no_title": ("<title>", "</title>"),
        "no_description": ("<description>", "</description>"),
        "no_link": ("<link>", "</link>"),
    }[variant]
    start, end = item.index(cut[0]), item.index(cut[1]) + len(cut[1])
    return _file(stem, "feed_missing_fields", ".rss", _rss(item[:start] + item[end:] + _item(rng)))


def feed_absurd_dates(rng: random.Random, stem: str) -> Input:
    day = rng.choice(
        [
            "Mon, 01 Jan 99999 00:00:00 GMT",
            "0000-00-00",
            "-0001-12-31T00:00:00Z",
            "Fri, 31 Feb 2024 25:61:61 +9999",
            "99999-01-01T00:00:00Z",
            "1e9",
            "Sat, 00 Xyz 0000 00:00:00 GMT",
        ]
    )
    if rng.random() < 0.5:
        page = (
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry>'
            f"<title>{headline(rng)}</title><updated>{day}</updated><published>{day}"
            f"</published><content>{' '.join(paragraphs(rng))}</content></entry></feed>"
        )
        return _file(stem, "feed_absurd_dates", ".atom", page)
    return _file(stem, "feed_absurd_dates", ".rss", _rss(_item(rng, day=day)))


def feed_huge_title(rng: random.Random, stem: str) -> Input:
    """An item whose title is 1 MB of words."""
    words = " ".join(rng.choice(SURNAMES + CITIES) for _ in range(120_000))[:1_000_000]
    return _file(stem, "feed_huge_title", ".rss", _rss(_item(rng, title=words)))


def _sentences_to(rng: random.Random, size: int, short: bool = False) -> str:
    """Sentences joined by spaces up to `size` characters (one line)."""
    pool = [sentence(rng) for _ in range(500)]
    if short:
        pool = [
            f"{rng.choice(SURNAMES)} {rng.choice(['spoke', 'left', 'agreed', 'waited'])}."
            for _ in range(500)
        ]
    parts, length = [], 0
    while length < size:
        parts.append(rng.choice(pool))
        length += len(parts[-1]) + 1
    return " ".join(parts)[:size]


def text_9mb_line(rng: random.Random, stem: str) -> Input:
    return _file(stem, "text_9mb_line", ".txt", _sentences_to(rng, 9_000_000))


def text_909kb_line(rng: random.Random, stem: str) -> Input:
    return _file(stem, "text_909kb_line", ".txt", _sentences_to(rng, 909_000))


def text_many_sentences(rng: random.Random, stem: str) -> Input:
    """200,000 short sentences, one per line (~4 MB)."""
    text = _sentences_to(rng, 200_000 * 20, short=True).replace(". ", ".\n")
    return _file(stem, "text_many_sentences", ".txt", text)


def text_digits(rng: random.Random, stem: str) -> Input:
    lines = ["".join(rng.choices("0123456789", k=rng.randint(1, 400))) for _ in range(200)]
    return _file(stem, "text_digits", ".txt", rng.choice([" ", "\n", ""]).join(lines))


def text_emoji(rng: random.Random, stem: str) -> Input:
    lines = ["".join(rng.choices(EMOJI, k=rng.randint(1, 80))) for _ in range(100)]
    return _file(stem, "text_emoji", rng.choice([".txt", ".html"]), "\n".join(lines))


def text_impossible_dates(rng: random.Random, stem: str) -> Input:
    bad = rng.choice(
        [
            "31 February 2024",
            "2024-13-45",
            "February 30, 2023",
            "0000-00-00",
            "32/13/2024",
            "99999-01-01",
            "2024-02-30",
        ]
    )
    body = article_text(rng, day=bad).replace(" on Monday", f" on {bad}")
    return _file(stem, "text_impossible_dates", ".txt", f"Published {bad}\n{body}")


def odd_names(rng: random.Random, stem: str) -> Input:
    """A good article under a name with spaces, unicode, a leading dash, ~250 bytes, a newline,
    or a `#n` suffix that looks like a record's source."""
    name = rng.choice(
        [
            f"with spaces {stem}.txt",
            f"ünïcødé 日本語 {stem}.txt",
            f"-rf{stem}.txt",
            f"--db={stem}.txt",
            f"new\nline{stem}.txt",
            f"{stem}.txt#1",
            f"{stem}_" + "ä" * ((250 - len(stem) - 5) // 2) + ".txt",
        ]
    )
    return Input(name, "odd_names", article_text(rng).encode())


def symlink_loop(rng: random.Random, stem: str) -> Input:
    """A folder with a link to itself and one back from a subfolder, and an article inside."""
    return Input(f"{stem}_symlink_loop", "symlink_loop", article_text(rng).encode(), kind="loop")


def dev_zero(rng: random.Random, stem: str) -> Input:
    ext = rng.choice([".txt", ".json", ".html"])
    return Input(f"{stem}_dev_zero{ext}", "dev_zero", kind="symlink", target="/dev/zero")


def fifo(rng: random.Random, stem: str) -> Input:
    return Input(f"{stem}_fifo{rng.choice(['.txt', '.json'])}", "fifo", kind="fifo")


def over_limit(rng: random.Random, stem: str) -> Input:
    """A text article padded to one byte over the size limit."""
    text = article_text(rng).encode()
    padded = (text * (SIZE_LIMIT // len(text) + 1))[: SIZE_LIMIT + 1]
    return _file(stem, "over_limit", ".txt", padded)


CATEGORIES: list[Category] = [
    Category("random_bytes", random_bytes),
    Category("blank", blank),
    Category("control_chars", control_chars),
    Category("wide_unicode", wide_unicode),
    Category("mislabelled", mislabelled),
    Category("compressed", compressed),
    Category("html_deep", html_deep, size=200_000),
    Category("html_giant_attribute", html_giant_attribute, 5_100_000, every=500, worst=True),
    Category("html_lying", html_lying),
    Category("json_truncated", json_truncated),
    Category("json_deep", json_deep, size=250_000),
    Category("json_wrong_types", json_wrong_types),
    Category("json_nan", json_nan),
    Category("json_duplicate_keys", json_duplicate_keys),
    Category("json_empty_records", json_empty_records, size=150_000),
    Category("jsonl_mixed", jsonl_mixed),
    Category("feed_entities", feed_entities),
    Category("feed_missing_fields", feed_missing_fields),
    Category("feed_absurd_dates", feed_absurd_dates),
    Category("feed_huge_title", feed_huge_title, 1_100_000, every=500, worst=True),
    Category("text_9mb_line", text_9mb_line, 9_000_000, every=5000, worst=True),
    Category("text_909kb_line", text_909kb_line, 909_000, every=1000, worst=True),
    Category("text_many_sentences", text_many_sentences, 4_000_000, every=5000, worst=True),
    Category("text_digits", text_digits),
    Category("text_emoji", text_emoji),
    Category("text_impossible_dates", text_impossible_dates),
    Category("odd_names", odd_names),
    Category("symlink_loop", symlink_loop),
    Category("dev_zero", dev_zero, size=0, every=2000, worst=True, blocks=True),
    Category("fifo", fifo, size=0, every=2000, worst=True, blocks=True),
    Category("over_limit", over_limit, SIZE_LIMIT + 1, every=500, worst=True),
]
BY_NAME = {c.name: c for c in CATEGORIES}


def allowed(max_bytes: int | None = None, blocking: bool = True) -> list[Category]:
    """Categories whose files fit in `max_bytes`, without the blocking ones unless wanted."""
    fits = [c for c in CATEGORIES if max_bytes is None or c.size <= max_bytes]
    return [c for c in fits if blocking or not c.blocks]


def plan(n: int, seed: int, categories: list[Category]) -> list[str]:
    """The category of each of n inputs: the rare ones 1 + n // every times once n covers every
    category, the others cycled in a shuffled order, then everything shuffled."""
    rng = random.Random(f"plan:{seed}:{n}")
    rare = [c for c in categories if c.every]
    slots = [c.name for c in rare for _ in range(1 + n // c.every)] if n >= len(categories) else []
    common = [c.name for c in categories if not c.every] or [c.name for c in rare]
    cycle: list[str] = []
    while len(slots) < n:
        if not cycle:
            cycle = rng.sample(common, len(common))
        slots.append(cycle.pop())
    rng.shuffle(slots)
    return slots[:n]


def generate(n: int, seed: int, max_bytes: int | None = None, blocking: bool = True) -> list[Input]:
    """N hostile inputs, the same bytes for the same N and seed."""
    names = plan(n, seed, allowed(max_bytes, blocking))
    return [
        BY_NAME[name].make(random.Random(f"{seed}:{i}:{name}"), f"{i:05d}")
        for i, name in enumerate(names)
    ]


def write(item: Input, folder: Path) -> Path:
    """Put one input in `folder`; returns the path to hand to the CLI."""
    path = folder / item.name
    if item.kind == "fifo":
        os.mkfifo(path)
    elif item.kind == "symlink":
        path.symlink_to(item.target)
    elif item.kind == "loop":
        (path / "inner").mkdir(parents=True)
        (path / "self").symlink_to(".")
        (path / "inner" / "back").symlink_to("..")
        (path / "inner" / "article.txt").write_bytes(item.data)
    else:
        path.write_bytes(item.data)
    return path
