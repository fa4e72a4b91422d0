"""The data files quote the source document verbatim: nothing summarised, nothing invented."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import BUNDLED, SOURCE


def _flat(text: str) -> str:
    """The document's words without layout: no markdown bold, page breaks or line breaks;
    the footnote that a page break put mid-sentence moves to the end."""
    footnote = re.compile(r"\n\n---\n\n<sup>1</sup> (Noot:.*?2017\.)\n\n", flags=re.S)
    note = footnote.search(text)
    assert note is not None
    text = footnote.sub(" ", text) + "\n" + note.group(1)
    text = text.replace("**", "").replace("<sup>1</sup>", "¹")
    return " ".join(text.split())


SOURCE_TEXT = _flat(SOURCE.read_text(encoding="utf-8"))
RECS = yaml.safe_load((BUNDLED / "recommendations.yaml").read_text(encoding="utf-8"))
ACTIONS = yaml.safe_load((BUNDLED / "actions.yaml").read_text(encoding="utf-8"))
TABLE = SOURCE.read_text(encoding="utf-8").split("Aanbeveling\tActie\tWie\tWanneer\n")[1]
ROWS = [line.split("\t") for line in TABLE.splitlines() if line.strip()]


def test_nine_recommendations_and_every_row_of_the_action_table() -> None:
    assert [r["id"] for r in RECS] == list(range(1, 10))
    assert len(ROWS) == 15
    assert len(ACTIONS) == len(ROWS)


@pytest.mark.parametrize("rec", RECS, ids=lambda r: f"rec{r['id']}")
def test_recommendation_texts_are_quoted_verbatim(rec: dict[str, object]) -> None:
    for key in ("title", "text", "response_text"):
        for paragraph in str(rec[key]).split("\n"):
            if paragraph.startswith("¹ Noot:"):  # the footnote, kept with its marker
                paragraph = paragraph.removeprefix("¹ ")
            assert " ".join(paragraph.split()) in SOURCE_TEXT, (rec["id"], key, paragraph[:60])


def test_every_recommendation_heading_is_a_title() -> None:
    headings = re.findall(r"\*\*Aanbeveling (\d)\. (.*?)\*\*", SOURCE.read_text(encoding="utf-8"))
    for (number, heading), rec in zip(headings, RECS, strict=True):
        assert int(number) == rec["id"]
        assert rec["title"].startswith(heading.strip())


@pytest.mark.parametrize("index", range(15))
def test_action_rows_are_quoted_verbatim(index: int) -> None:
    row = ROWS[index] + [""] * (4 - len(ROWS[index]))
    action = ACTIONS[index]
    assert action["action"] == row[1]
    assert str(action.get("when", "")) == row[3]
    owners = action.get("owner", [])
    owners = [owners] if isinstance(owners, str) else owners
    # Composite owners are split into names that all stand in the "Wie" cell.
    assert all(name in row[2] for name in owners)
    assert bool(owners) == bool(row[2])
    for milestone in action.get("milestones", []):
        assert milestone["label"] in row[3]
        assert milestone["when"] in row[3]


def test_action_ids_follow_the_four_themes_of_the_table() -> None:
    themes = []
    for row in ROWS:
        if row[0]:
            themes.append(row[0])
        assert ACTIONS[ROWS.index(row)]["id"][0] == "ABCD"[len(themes) - 1]
    assert len(themes) == 4


CONTEXT = yaml.safe_load((BUNDLED / "plan.yaml").read_text(encoding="utf-8"))
DOCUMENT = SOURCE.read_text(encoding="utf-8")


def test_the_context_quotes_the_introduction_verbatim() -> None:
    """The evaluation, the response's date, its overall text and its two signatories, as
    the document gives them."""
    evaluation, response = CONTEXT["evaluation"], CONTEXT["response"]
    # The heading, without "Management response" and with its line-break hyphen joined.
    heading = re.search(r"^# Management response (.*)$", DOCUMENT, re.M)
    assert heading is not None
    assert evaluation["title"] == heading.group(1).replace(
        "Ontwikkelings- samenwerking", "Ontwikkelingssamenwerking"
    )
    introduction = DOCUMENT.split("**Aanbeveling 1.")[0]
    assert (
        f"In de {evaluation['when']} voerde {evaluation['evaluator']} een tussentijdse "
        f"evaluatie uit van het {evaluation['programme']}," in introduction
    )
    assert f"voor de periode {evaluation['period']} " in introduction
    assert (evaluation["evaluator"], evaluation["period"]) == ("Ace Europe", "2017-2019")
    # "5 juli 2019", under the heading.
    assert "\n5 juli 2019\n" in introduction and response["date"] == "2019-07-05"
    # The overall response is the introduction's third paragraph, whole.
    paragraphs = [
        p for p in introduction.split("\n\n") if p.strip() and not p.startswith(("#", "---"))
    ]
    assert paragraphs[3].startswith("Globaal is de VVSG zeker tevreden")
    assert response["text"] == paragraphs[3].strip()
    # The two names that close the response, each with the role after its comma.
    for signatory in response["signatories"]:
        assert f"\n{signatory['name']}, {signatory['role']}\n" in DOCUMENT
    assert [s["name"] for s in response["signatories"]] == ["Mieck Vos", "Bert Janssens"]
    assert [s["role"] for s in response["signatories"]] == [
        "algemeen directeur VVSG",
        "coördinator VVSG Internationaal",
    ]
