"""Shared fixtures: a small valid bank written to a temp folder, which tests then break on purpose."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from mock_interview.bank.models import Question, Rubric

REPO = Path(__file__).resolve().parents[1]


def _bi(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _criterion(cid: str, weight: float, terms: list[list[str]]) -> dict[str, Any]:
    return {
        "id": cid,
        "weight": weight,
        "description": _bi(f"{cid} 的描述", f"describes {cid}"),
        "levels": {
            "none": _bi("没有提到", "not mentioned"),
            "partial": _bi("部分提到", "partly mentioned"),
            "full": _bi("完整说明", "fully explained"),
        },
        "key_points": [{"id": f"{cid}-kp", "text": _bi(f"{cid} 要点", f"{cid} point"), "evidence": [terms]}],
    }


MINI_QUESTIONS: dict[str, dict[str, Any]] = {
    "alpha": {
        "id": "alpha",
        "order": 1,
        "source": "test",
        "difficulty": "easy",
        "tags": ["transformer"],
        "text": _bi("什么是注意力？", "What is attention?"),
        "follow_ups": [{"question": "beta", "when": {"missed": "weights"}}, {"question": "gamma", "when": "always"}],
    },
    "beta": {
        "id": "beta",
        "order": 2,
        "source": "test",
        "difficulty": "medium",
        "tags": ["transformer"],
        "text": _bi("注意力权重怎么算？", "How are attention weights computed?"),
        "follow_ups": [{"question": "gamma", "when": {"score_at_least": 6}}],
    },
    "gamma": {
        "id": "gamma",
        "order": 3,
        "source": "test",
        "difficulty": "hard",
        "tags": ["transformer"],
        "text": _bi("多头有什么用？", "What are multiple heads for?"),
        "follow_ups": [],
    },
}


def _rubric(qid: str) -> dict[str, Any]:
    return {
        "question": qid,
        "criteria": [
            _criterion("weights", 2, [["softmax"], ["权重", "weights", "probabilit"]]),
            _criterion("similarity", 1, [["相似", "similar"], ["query", "查询"]]),
            _criterion("values", 1, [["加权", "weighted"], ["value", "值"]]),
        ],
        "misconceptions": [
            {
                "id": "random",
                "text": _bi("认为权重是随机的", "thinks weights are random"),
                "correction": _bi("权重由相似度决定", "weights come from similarity"),
                "penalty": 1,
                "evidence": [[["权重", "weights"], ["随机", "random"]]],
            }
        ],
        "reference_answer": _bi("参考答案", "reference answer"),
    }


BankSpec = dict[str, dict[str, dict[str, Any]]]


def mini_bank_spec() -> BankSpec:
    return {
        "questions": copy.deepcopy(MINI_QUESTIONS),
        "rubrics": {qid: _rubric(qid) for qid in MINI_QUESTIONS},
        "tags": {"transformer": _bi("Transformer", "Transformer")},
    }


def write_bank(root: Path, spec: BankSpec) -> Path:
    (root / "questions").mkdir(parents=True, exist_ok=True)
    (root / "rubrics").mkdir(parents=True, exist_ok=True)
    dump = {"allow_unicode": True, "sort_keys": False}
    (root / "questions" / "_tags.yaml").write_text(yaml.safe_dump(spec["tags"], **dump), encoding="utf-8")
    for name, data in spec["questions"].items():
        (root / "questions" / f"{name}.yaml").write_text(yaml.safe_dump(data, **dump), encoding="utf-8")
    for name, data in spec["rubrics"].items():
        (root / "rubrics" / f"{name}.yaml").write_text(yaml.safe_dump(data, **dump), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def qr() -> tuple[Question, Rubric]:
    """The real scaling-sqrt-dk question and rubric, read straight from the repository's bank."""

    def load(path: str) -> Any:
        return yaml.safe_load((REPO / path).read_text(encoding="utf-8"))

    return (
        Question.model_validate(load("questions/scaling-sqrt-dk.yaml")),
        Rubric.model_validate(load("rubrics/scaling-sqrt-dk.yaml")),
    )


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own app home and no endpoint from the developer's environment."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MOCK_INTERVIEW_HOME", str(home))
    monkeypatch.setenv("MOCK_INTERVIEW_CONFIG", str(home / "config.toml"))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "MOCK_INTERVIEW_MODEL", "MOCK_INTERVIEW_STRUCTURED_OUTPUT"):
        monkeypatch.delenv(var, raising=False)
    from mock_interview.grading.llm import modes

    modes.forget_all()
    return home


@pytest.fixture
def mini_bank(tmp_path: Path) -> Callable[..., Path]:
    """Write the mini bank, optionally changed by `mutate(spec)` first; returns its folder."""

    def make(mutate: Callable[[BankSpec], None] | None = None) -> Path:
        spec = mini_bank_spec()
        if mutate:
            mutate(spec)
        return write_bank(tmp_path / "bank", spec)

    return make


def run_cli(
    *args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run `python -m mock_interview` in `cwd` (outside the repo), as a user would."""
    keep = ("MOCK_INTERVIEW_HOME", "MOCK_INTERVIEW_CONFIG")
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "MOCK_INTERVIEW_")) or k in keep}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "mock_interview", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        timeout=timeout,
    )
