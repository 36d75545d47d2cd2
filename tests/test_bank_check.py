"""`bank check` and the loader: a clean bank passes; each kind of breakage is named with file, path and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, BankSpec, run_cli
from mock_interview.bank import check_bank, load_bank


def test_shipped_bank_is_clean() -> None:
    bank, issues = check_bank(REPO)
    assert bank is not None, "\n".join(map(str, issues))
    assert [i for i in issues if i.severity == "error"] == []
    assert 35 <= len(bank) <= 40
    assert set(bank.rubrics) == {q.id for q in bank.questions}


def test_mini_bank_is_clean(mini_bank: Callable[..., Path]) -> None:
    bank, issues = check_bank(mini_bank())
    assert bank is not None and issues == []
    assert [q.id for q in bank.questions] == ["alpha", "beta", "gamma"]


def _set(path: list[Any], value: Any) -> Callable[[BankSpec], None]:
    def mutate(spec: BankSpec) -> None:
        node: Any = spec
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return mutate


def _delete(path: list[Any]) -> Callable[[BankSpec], None]:
    def mutate(spec: BankSpec) -> None:
        node: Any = spec
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return mutate


# (name, mutation, file the error must name, text the message must contain)
BREAKAGES: list[tuple[str, Callable[[BankSpec], None], str, str]] = [
    (
        "missing field",
        _delete(["questions", "beta", "difficulty"]),
        "questions/beta.yaml",
        "difficulty: missing required field",
    ),
    ("bad difficulty", _set(["questions", "beta", "difficulty"], "super-hard"), "questions/beta.yaml", "difficulty:"),
    ("typo field", _set(["questions", "gamma", "follow_up"], []), "questions/gamma.yaml", "follow_up: unknown field"),
    (
        "unknown follow-up",
        _set(["questions", "beta", "follow_ups", 0, "question"], "delta"),
        "questions/beta.yaml",
        "follow_ups[0].question: unknown question 'delta'",
    ),
    (
        "cycle",
        _set(["questions", "gamma", "follow_ups"], [{"question": "alpha", "when": "always"}]),
        "questions/",
        "follow-up cycle: ",
    ),
    (
        "self follow-up",
        _set(["questions", "gamma", "follow_ups"], [{"question": "gamma"}]),
        "questions/gamma.yaml",
        "cannot follow up on itself",
    ),
    (
        "missed names unknown criterion",
        _set(["questions", "alpha", "follow_ups", 0, "when"], {"missed": "nope"}),
        "questions/alpha.yaml",
        "criterion 'nope' is not in rubrics/alpha.yaml",
    ),
    (
        "bad condition",
        _set(["questions", "alpha", "follow_ups", 0, "when"], "sometimes"),
        "questions/alpha.yaml",
        "follow_ups[0].when: expected `always`",
    ),
    (
        "zero weight",
        _set(["rubrics", "beta", "criteria", 1, "weight"], 0),
        "rubrics/beta.yaml",
        "criteria[1].weight: Input should be greater than 0",
    ),
    (
        "negative weight",
        _set(["rubrics", "beta", "criteria", 0, "weight"], -2),
        "rubrics/beta.yaml",
        "criteria[0].weight",
    ),
    (
        "too few criteria",
        lambda s: s["rubrics"]["beta"]["criteria"].pop(),
        "rubrics/beta.yaml",
        "criteria: List should have at least 3",
    ),
    (
        "too many criteria",
        lambda s: s["rubrics"]["beta"]["criteria"].extend(s["rubrics"]["beta"]["criteria"][:2] * 2),
        "rubrics/beta.yaml",
        "criteria: List should have at most 6",
    ),
    (
        "duplicate criterion id",
        _set(["rubrics", "gamma", "criteria", 2, "id"], "weights"),
        "rubrics/gamma.yaml",
        "criteria[2].id: duplicate criterion id 'weights'",
    ),
    (
        "required too high",
        _set(["rubrics", "gamma", "criteria", 0, "required"], 3),
        "rubrics/gamma.yaml",
        "criteria[0].required: requires 3 key points",
    ),
    (
        "penalty out of range",
        _set(["rubrics", "alpha", "misconceptions", 0, "penalty"], 9),
        "rubrics/alpha.yaml",
        "misconceptions[0].penalty",
    ),
    ("empty translation", _set(["questions", "gamma", "text", "en"], "  "), "questions/gamma.yaml", "text.en"),
    (
        "unknown tag",
        _set(["questions", "gamma", "tags"], ["transformers"]),
        "questions/gamma.yaml",
        "tags[0]: unknown tag 'transformers'",
    ),
    ("question without rubric", _delete(["rubrics", "gamma"]), "questions/gamma.yaml", "has no rubric"),
    (
        "rubric for unknown question",
        lambda s: s["rubrics"].update(delta={**s["rubrics"]["gamma"], "question": "delta"}),
        "rubrics/delta.yaml",
        "rubric for unknown question 'delta'",
    ),
    (
        "id does not match file",
        _set(["questions", "gamma", "id"], "gamma-2"),
        "questions/gamma.yaml",
        "does not match the file name",
    ),
    (
        "empty evidence",
        _set(["rubrics", "alpha", "criteria", 0, "key_points", 0, "evidence"], []),
        "rubrics/alpha.yaml",
        "criteria[0].key_points[0].evidence",
    ),
    (
        "term empty once normalised",
        _set(["rubrics", "alpha", "criteria", 0, "key_points", 0, "evidence"], [[["-"]]]),
        "rubrics/alpha.yaml",
        "empty once normalised",
    ),
]


@pytest.mark.parametrize(("name", "mutate", "file", "message"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_breakage_is_reported(
    mini_bank: Callable[..., Path], name: str, mutate: Callable[[BankSpec], None], file: str, message: str
) -> None:
    bank, issues = check_bank(mini_bank(mutate))
    assert bank is None
    errors = [str(i) for i in issues if i.severity == "error"]
    assert any(file in e and message in e for e in errors), errors
    # every error names its file and (for parsed files) a line
    assert all(i.line is not None for i in issues if i.file.endswith(".yaml"))


def _write(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("rel", "content", "message", "line"),
    [
        ("questions/beta.yaml", "id: beta\norder: 2\ntext: {zh: a, en: [b\n", "invalid YAML", 4),
        ("questions/beta.yaml", "id: beta\nid: beta\n", "id: duplicate key", 2),
        ("questions/beta.yaml", "- just\n- a list\n", "expected a mapping of fields, found a list", 1),
        ("rubrics/beta.yaml", b"question: beta\n\xff\xfe broken\n", "not UTF-8 text", None),
        ("questions/extra.yaml", "", "expected a mapping of fields, found an empty document", None),
    ],
    ids=["yaml syntax", "duplicate key", "not a mapping", "not utf-8", "empty file"],
)
def test_file_level_breakage(
    mini_bank: Callable[..., Path], rel: str, content: str | bytes, message: str, line: int | None
) -> None:
    root = mini_bank()
    _write(root, rel, content)
    bank, issues = check_bank(root)
    assert bank is None
    hits = [i for i in issues if i.file == rel and message in str(i)]
    assert hits, [str(i) for i in issues]
    if line is not None:
        assert hits[0].line == line


def test_duplicate_question_id_across_files(mini_bank: Callable[..., Path]) -> None:
    root = mini_bank()
    text = (root / "questions" / "gamma.yaml").read_text(encoding="utf-8")
    (root / "questions" / "gamma-copy.yaml").write_text(text, encoding="utf-8")
    _, issues = check_bank(root)
    assert any("duplicate question id 'gamma'" in str(i) and "gamma-copy.yaml" in str(i) for i in issues)


def test_missing_folder_and_missing_dir(tmp_path: Path) -> None:
    (tmp_path / "questions").mkdir()
    _, issues = check_bank(tmp_path)
    assert any("rubrics" in i.file and "missing folder" in i.message for i in issues)
    _, issues = check_bank(tmp_path / "nowhere")
    assert any("no such directory" in i.message for i in issues)


def test_cli_bank_check_exit_codes(mini_bank: Callable[..., Path], tmp_path: Path) -> None:
    good = run_cli("bank", "check", str(mini_bank()), cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    assert "ok — 3 questions" in good.stdout
    root = mini_bank(_set(["rubrics", "beta", "criteria", 1, "weight"], 0))
    bad = run_cli("bank", "check", str(root), cwd=tmp_path)
    assert bad.returncode == 2
    assert "rubrics/beta.yaml:" in bad.stderr and "criteria[1].weight" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_broken_bank_fails_at_start_with_the_same_message(mini_bank: Callable[..., Path], tmp_path: Path) -> None:
    root = mini_bank(_set(["questions", "beta", "follow_ups", 0, "question"], "delta"))
    result = run_cli("--bank", str(root), "grade", "--question", "alpha", "--answer", "x", cwd=tmp_path)
    assert result.returncode == 2
    assert "follow_ups[0].question: unknown question 'delta'" in result.stderr
    assert "Traceback" not in result.stderr
    with pytest.raises(Exception, match="error"):
        load_bank(root)


def test_cached_bank_is_identical_and_an_edit_invalidates_it(mini_bank: Callable[..., Path]) -> None:
    import os

    from mock_interview.bank import BankError
    from mock_interview.bank import cache as bank_cache

    root = mini_bank()
    first = load_bank(root)
    assert bank_cache.read(root) is not None  # remembered after a clean check
    second = load_bank(root)
    assert [q.model_dump() for q in second.questions] == [q.model_dump() for q in first.questions]
    assert {k: r.model_dump() for k, r in second.rubrics.items()} == {
        k: r.model_dump() for k, r in first.rubrics.items()
    }
    broken = root / "rubrics" / "beta.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("weight: 1", "weight: 0", 1), encoding="utf-8")
    st = broken.stat()
    os.utime(broken, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    with pytest.raises(BankError):
        load_bank(root)  # the same message as bank check, never the stale cache
