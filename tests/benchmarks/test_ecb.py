"""The ECB+ benchmark's reading of CAT XML: text, offsets, gold mentions and chains."""

from __future__ import annotations

from pathlib import Path

import pytest
from ecb import TEST_TOPICS, read_corpus, read_document

CAT = """<Document doc_name="7_1ecbplus.xml" doc_id="X">
<token t_id="1" sentence="0" number="0">Police</token>
<token t_id="2" sentence="0" number="1">arrested</token>
<token t_id="3" sentence="0" number="2">him</token>
<token t_id="4" sentence="1" number="0">The</token>
<token t_id="5" sentence="1" number="1">arrest</token>
<token t_id="6" sentence="1" number="2">did</token>
<token t_id="7" sentence="1" number="3">not</token>
<token t_id="8" sentence="1" number="4">end</token>
<token t_id="9" sentence="1" number="5">it</token>
<token t_id="10" sentence="2" number="0">He</token>
<token t_id="11" sentence="2" number="1">fled</token>
<Markables>
<ACTION_OCCURRENCE m_id="1"><token_anchor t_id="2"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="2"><token_anchor t_id="5"/></ACTION_OCCURRENCE>
<NEG_ACTION_OCCURRENCE m_id="3"><token_anchor t_id="6"/>
<token_anchor t_id="8"/></NEG_ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="4"><token_anchor t_id="11"/></ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="5"><token_anchor t_id="1"/></HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="6"><token_anchor t_id="9"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="20" RELATED_TO="" TAG_DESCRIPTOR="t7_arrest" instance_id="ACT123" />
<UNKNOWN_INSTANCE_TAG m_id="21" RELATED_TO="" TAG_DESCRIPTOR="" />
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="100" note="ACT123"><source m_id="1" /><source m_id="2" />
<target m_id="20" /></CROSS_DOC_COREF>
<INTRA_DOC_COREF r_id="101"><source m_id="3" /><source m_id="6" />
<target m_id="21" /></INTRA_DOC_COREF>
</Relations>
</Document>
"""


def test_read_document(tmp_path: Path) -> None:
    path = tmp_path / "7_1ecbplus.xml"
    path.write_text(CAT, encoding="utf-8")
    ecb = read_document(path, 7, {0, 1}, set())  # sentence 2 is not a checked one
    assert ecb.document.text == "Police arrested him\nThe arrest did not end it\nHe fled"
    assert ecb.document.published is None
    assert ecb.subtopic == "7ecbplus"
    by_id = {m.m_id: m for m in ecb.mentions}
    assert sorted(by_id) == ["1", "2", "3", "6"]  # events only, checked sentences only
    assert by_id["1"].text == "arrested"
    assert (by_id["1"].start, by_id["1"].end) == (7, 15)
    assert by_id["3"].text == "did not end"  # a discontinuous mention covers its gap
    assert by_id["1"].chain == by_id["2"].chain == "ACT123"
    assert by_id["3"].chain == by_id["6"].chain != by_id["1"].chain


def test_same_body_gets_distinct_ids(tmp_path: Path) -> None:
    first, second = tmp_path / "7_1ecbplus.xml", tmp_path / "7_2ecbplus.xml"
    first.write_text(CAT, encoding="utf-8")
    second.write_text(CAT, encoding="utf-8")
    taken: set[str] = set()
    a = read_document(first, 7, set(), taken)
    b = read_document(second, 7, set(), taken)
    assert a.document.id != b.document.id


def test_test_topics_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        read_corpus(tmp_path, [2, min(TEST_TOPICS)], None)
