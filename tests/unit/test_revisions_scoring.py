"""The revisions eval's scoring: the latest figure, a noted revision, both sides of a conflict."""

from __future__ import annotations

from eval.revisions import score_answer


def answer(text: str, kinds: list[str]) -> dict:  # type: ignore[type-arg]
    return {
        "answer": text,
        "abstained": False,
        "sentences": [{"supported": True, "revision": {"kind": k}} for k in kinds] or [{"supported": True}],
    }


def test_a_conflict_needs_each_figure_not_every_written_form_of_it():
    q = {
        "id": "c",
        "kind": "conflict",
        "latest": ["143", "one hundred and forty-three", "158", "one hundred and fifty-eight"],
        "outdated": ["41", "96"],
    }
    both = answer("The fire service counts 158 homes [1]. The council said 143 homes [2].", ["conflict"])
    assert score_answer(q, both)["ok"]
    assert not score_answer(q, answer("The fire service counts 158 homes [1].", []))["ok"]


def test_a_latest_figure_counts_only_with_the_revision_noted():
    q = {"id": "l", "kind": "latest", "latest": ["213"], "outdated": ["152"]}
    noted = answer("The figure was revised; the latest report says 213.", ["superseded"])
    assert score_answer(q, noted)["ok"]
    plain = score_answer(q, answer("There were 213 cases.", []))
    assert not plain["ok"] and not plain["outdated_as_current"]
    old = score_answer(q, answer("There were 152 cases.", []))
    assert old["outdated_as_current"] and not old["ok"]
    # "2130" holds no 213, nor "1,152" a 152.
    assert not score_answer(q, answer("There were 2130 or 1,152 cases.", ["latest"]))["latest_given"]


def test_a_figure_listed_among_the_earlier_reports_is_not_the_answer_s():
    """A revision note lists the earlier reports' figures: the latest figure listed there is
    not given as the answer (r2q01 showed a shelter count as "the latest report", with 7,380
    among the earlier ones), and an outdated one there is not presented as current."""
    q = {"id": "l", "kind": "latest", "latest": ["7,380"], "outdated": ["2,300", "5,640"]}
    wrong = answer(
        "The figure was revised; the latest report (24 August 2026) says: “It fell to 315.” [4]. "
        "Earlier reports: 2,300 (3 August 2026) [1], 7,380 (11 August 2026) [2].",
        ["superseded"],
    )
    scored = score_answer(q, wrong)
    assert not scored["latest_given"] and not scored["ok"] and not scored["outdated_as_current"]
    right = answer(
        "The figure was revised; the latest report (11 August 2026) says: “7,380 have left.” [2]. "
        "Earlier reports: 2,300 (3 August 2026) [1], 5,640 (7 August 2026) [3].",
        ["superseded"],
    )
    assert score_answer(q, right)["ok"]
