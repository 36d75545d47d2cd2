"""Loading and linting a bank: every problem is reported with file, YAML path and line, never a traceback."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from mock_interview.bank import cache as bank_cache
from mock_interview.bank.models import Bank, Bilingual, MissedCondition, Pattern, Question, Rubric
from mock_interview.bank.yamlsrc import YamlDoc, YamlPath, YamlSyntaxError, format_path, read_yaml
from mock_interview.textnorm import normalize

TAGS_FILE = "_tags.yaml"
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class BankIssue:
    """One problem found in a bank."""

    file: str
    line: int | None
    where: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        place = self.file + (f":{self.line}" if self.line else "")
        where = f" {self.where}:" if self.where else ""
        return f"{place}: {self.severity}:{where} {self.message}"


class BankError(Exception):
    """The bank has errors; `issues` lists them all."""

    def __init__(self, root: Path, issues: list[BankIssue]) -> None:
        self.root = root
        self.issues = issues
        errors = [i for i in issues if i.severity == "error"]
        super().__init__(f"the question bank at {root} has {len(errors)} error(s)")


def default_bank_dir() -> Path:
    """`$MOCK_INTERVIEW_BANK`, else the bank inside the installed package, else the source checkout's."""
    override = os.environ.get("MOCK_INTERVIEW_BANK")
    if override:
        return Path(override).expanduser()
    packaged = Path(__file__).resolve().parent.parent / "_bank"
    if (packaged / "questions").is_dir():
        return packaged
    return Path(__file__).resolve().parents[3]


def load_bank(root: Path | None = None) -> Bank:
    """Load and validate a bank; raises BankError (with every issue) when it has errors.

    A bank that passed every check is remembered (its parsed YAML, as JSON in the cache dir, keyed by each
    file's size and modification time), so the next start skips YAML parsing; pydantic still validates it.
    """
    root = root or default_bank_dir()
    cached = bank_cache.read(root)
    if cached is not None:
        try:
            return _bank_from_raw(cached)
        except (ValidationError, KeyError, TypeError):
            pass  # a cache from another version: rebuild it
    checker = _Checker(root)
    bank, issues = checker.run()
    if bank is None:
        raise BankError(root, issues)
    bank_cache.write(root, checker.raw)
    return bank


def check_bank(root: Path) -> tuple[Bank | None, list[BankIssue]]:
    """Validate the bank at `root`; the Bank is None when there are errors."""
    return _Checker(root).run()


def _bank_from_raw(raw: dict[str, Any]) -> Bank:
    questions = [Question.model_validate(d) for d in raw["questions"].values()]
    rubrics = {qid: Rubric.model_validate(d) for qid, d in raw["rubrics"].items()}
    tags = {slug: Bilingual.model_validate(label) for slug, label in raw["tags"].items()}
    return Bank(questions, rubrics, tags)


class _Checker:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.issues: list[BankIssue] = []
        self.raw: dict[str, Any] = {"questions": {}, "rubrics": {}, "tags": {}}

    # -- reporting -------------------------------------------------------------------------------------
    def _rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def error(self, doc: YamlDoc | Path, where: YamlPath, message: str) -> None:
        self._add(doc, where, message, "error")

    def warn(self, doc: YamlDoc | Path, where: YamlPath, message: str) -> None:
        self._add(doc, where, message, "warning")

    def _add(self, doc: YamlDoc | Path, where: YamlPath, message: str, severity: Literal["error", "warning"]) -> None:
        if isinstance(doc, YamlDoc):
            self.issues.append(
                BankIssue(self._rel(doc.path), doc.line_of(where), format_path(where), message, severity)
            )
        else:
            self.issues.append(BankIssue(self._rel(doc), None, format_path(where), message, severity))

    # -- the run ---------------------------------------------------------------------------------------
    def run(self) -> tuple[Bank | None, list[BankIssue]]:
        qdir, rdir = self.root / "questions", self.root / "rubrics"
        if not self.root.is_dir():
            self.error(self.root, (), "no such directory")
            return None, self.issues
        for folder in (qdir, rdir):
            if not folder.is_dir():
                self.error(folder, (), "missing folder: a bank holds questions/ and rubrics/")
        if any(i.severity == "error" for i in self.issues):
            return None, self.issues

        tags = self._load_tags(qdir / TAGS_FILE)
        questions = self._load_all(qdir, Question, "id")
        rubrics = self._load_all(rdir, Rubric, "question")
        if not questions and not any(i.severity == "error" for i in self.issues):
            self.error(qdir, (), "no questions: add questions/<id>.yaml files")

        for q, doc in questions.values():
            self._check_question(q, doc, questions, rubrics, tags)
        for r, doc in rubrics.values():
            self._check_rubric(r, doc, questions)
        for qid, (_, doc) in questions.items():
            if qid not in rubrics:
                self.error(doc, ("id",), f"question {qid!r} has no rubric: add rubrics/{qid}.yaml")
        self._check_cycles(questions)
        self._check_orders(questions)

        if any(i.severity == "error" for i in self.issues):
            return None, self.issues
        if tags is None:
            tags = {t: Bilingual(zh=t, en=t) for q, _ in questions.values() for t in q.tags}
        bank = Bank([q for q, _ in questions.values()], {qid: r for qid, (r, _) in rubrics.items()}, tags)
        self.raw = {
            "questions": {qid: doc.data for qid, (_, doc) in questions.items()},
            "rubrics": {qid: doc.data for qid, (_, doc) in rubrics.items()},
            "tags": {slug: label.model_dump() for slug, label in tags.items()},
        }
        return bank, self.issues

    def _read(self, path: Path) -> YamlDoc | None:
        try:
            doc = read_yaml(path)
        except YamlSyntaxError as exc:
            self.issues.append(BankIssue(self._rel(path), exc.line, "", exc.message))
            return None
        except OSError as exc:
            self.error(path, (), f"cannot read: {exc.strerror}")
            return None
        for where, line in doc.duplicate_keys:
            self.issues.append(BankIssue(self._rel(path), line, format_path(where), "duplicate key"))
        return doc

    def _validate(self, doc: YamlDoc, model: type[M]) -> M | None:
        if not isinstance(doc.data, dict):
            self.error(doc, (), f"expected a mapping of fields, found {_kind(doc.data)}")
            return None
        try:
            return model.model_validate(doc.data)
        except ValidationError as exc:
            for err in exc.errors():
                where = tuple(p for p in err["loc"] if isinstance(p, str | int) and not _is_union_tag(p))
                self.error(doc, where, _message(err))
            return None

    def _load_tags(self, path: Path) -> dict[str, Bilingual] | None:
        if not path.exists():
            return None
        doc = self._read(path)
        if doc is None:
            return {}
        if not isinstance(doc.data, dict):
            self.error(doc, (), f"expected a mapping of tag -> {{zh, en}}, found {_kind(doc.data)}")
            return {}
        tags: dict[str, Bilingual] = {}
        for slug, label in doc.data.items():
            try:
                tags[str(slug)] = Bilingual.model_validate(label)
            except ValidationError as exc:
                for err in exc.errors():
                    self.error(doc, (str(slug), *[p for p in err["loc"] if isinstance(p, str | int)]), _message(err))
        return tags

    def _load_all(self, folder: Path, model: type[M], id_field: str) -> dict[str, tuple[M, YamlDoc]]:
        loaded: dict[str, tuple[M, YamlDoc]] = {}
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("_"))
        for path in files:
            doc = self._read(path)
            if doc is None:
                continue
            item = self._validate(doc, model)
            if item is None:
                continue
            key = str(getattr(item, id_field))
            if key != path.stem:
                self.error(doc, (id_field,), f"{id_field} {key!r} does not match the file name {path.name!r}")
            if key in loaded:
                other = self._rel(loaded[key][1].path)
                what = "question id" if model is Question else "rubric for question"
                self.error(doc, (id_field,), f"duplicate {what} {key!r} (also in {other})")
                continue
            loaded[key] = (item, doc)
        return loaded

    # -- cross-file checks -------------------------------------------------------------------------------
    def _check_question(
        self,
        q: Question,
        doc: YamlDoc,
        questions: dict[str, tuple[Question, YamlDoc]],
        rubrics: dict[str, tuple[Rubric, YamlDoc]],
        tags: dict[str, Bilingual] | None,
    ) -> None:
        for i, tag in enumerate(q.tags):
            if tags is not None and tag not in tags:
                self.error(doc, ("tags", i), f"unknown tag {tag!r}: add it to questions/{TAGS_FILE}")
        seen: set[str] = set()
        for i, fu in enumerate(q.follow_ups):
            if fu.question == q.id:
                self.error(doc, ("follow_ups", i, "question"), "a question cannot follow up on itself")
            elif fu.question not in questions:
                self.error(doc, ("follow_ups", i, "question"), f"unknown question {fu.question!r}")
            if fu.question in seen:
                self.warn(doc, ("follow_ups", i, "question"), f"{fu.question!r} is listed twice")
            seen.add(fu.question)
            rubric = rubrics[q.id][0] if q.id in rubrics else None
            if isinstance(fu.when, MissedCondition) and rubric and rubric.criterion(fu.when.missed) is None:
                self.error(
                    doc,
                    ("follow_ups", i, "when", "missed"),
                    f"criterion {fu.when.missed!r} is not in rubrics/{q.id}.yaml",
                )

    def _check_rubric(self, r: Rubric, doc: YamlDoc, questions: dict[str, tuple[Question, YamlDoc]]) -> None:
        if r.question not in questions:
            self.error(doc, ("question",), f"rubric for unknown question {r.question!r}")
        _unique(self, doc, [(("criteria", i, "id"), c.id) for i, c in enumerate(r.criteria)], "criterion id")
        _unique(
            self,
            doc,
            [
                (("criteria", i, "key_points", j, "id"), kp.id)
                for i, c in enumerate(r.criteria)
                for j, kp in enumerate(c.key_points)
            ],
            "key point id",
        )
        _unique(
            self, doc, [(("misconceptions", i, "id"), m.id) for i, m in enumerate(r.misconceptions)], "misconception id"
        )
        total = r.total_weight
        for i, c in enumerate(r.criteria):
            if c.required is not None and c.required > len(c.key_points):
                self.error(
                    doc,
                    ("criteria", i, "required"),
                    f"requires {c.required} key points but the criterion has {len(c.key_points)}",
                )
            if c.weight / total > 0.6:
                self.warn(
                    doc,
                    ("criteria", i, "weight"),
                    f"holds {c.weight / total:.0%} of the rubric's weight; the other criteria barely count",
                )
            for j, kp in enumerate(c.key_points):
                self._check_patterns(doc, ("criteria", i, "key_points", j, "evidence"), kp.evidence)
        for i, m in enumerate(r.misconceptions):
            self._check_patterns(doc, ("misconceptions", i, "evidence"), m.evidence)

    def _check_patterns(self, doc: YamlDoc, where: YamlPath, patterns: list[Pattern]) -> None:
        for p, pattern in enumerate(patterns):
            for g, group in enumerate(pattern):
                for t, term in enumerate(group):
                    norm = normalize(term)
                    at = (*where, p, g, t)
                    if not norm:
                        self.error(doc, at, f"term {term!r} is empty once normalised")
                    elif len(norm) == 1 and norm.isascii():
                        self.warn(doc, at, f"one-letter term {term!r} matches every word starting with it")

    def _check_cycles(self, questions: dict[str, tuple[Question, YamlDoc]]) -> None:
        graph = {
            qid: [f.question for f in q.follow_ups if f.question in questions] for qid, (q, _) in questions.items()
        }
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        reported: set[frozenset[str]] = set()

        def visit(node: str, path: list[str]) -> None:
            state[node] = 1
            for nxt in graph[node]:
                if nxt == node:
                    continue  # reported as a self follow-up
                if state.get(nxt) == 1:
                    cycle = [*path[path.index(nxt) :], nxt]
                    if frozenset(cycle) not in reported:
                        reported.add(frozenset(cycle))
                        q, doc = questions[node]
                        i = next(k for k, f in enumerate(q.follow_ups) if f.question == nxt)
                        self.error(doc, ("follow_ups", i, "question"), "follow-up cycle: " + " -> ".join(cycle))
                elif state.get(nxt) is None:
                    visit(nxt, [*path, nxt])
            state[node] = 2

        for qid in graph:
            if qid not in state:
                visit(qid, [qid])

    def _check_orders(self, questions: dict[str, tuple[Question, YamlDoc]]) -> None:
        by_order: dict[int, str] = {}
        for qid, (q, doc) in sorted(questions.items()):
            if q.order in by_order:
                self.warn(doc, ("order",), f"order {q.order} is also used by {by_order[q.order]!r}")
            by_order.setdefault(q.order, qid)


def _unique(checker: _Checker, doc: YamlDoc, items: Iterable[tuple[YamlPath, str]], what: str) -> None:
    seen: set[str] = set()
    for where, value in items:
        if value in seen:
            checker.error(doc, where, f"duplicate {what} {value!r}")
        seen.add(value)


def _is_union_tag(part: str | int) -> bool:
    return isinstance(part, str) and ("[" in part or part in ("MissedCondition", "ScoreCondition"))


def _kind(value: Any) -> str:
    if value is None:
        return "an empty document"
    return {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean"}.get(
        type(value), type(value).__name__
    )


def _message(err: Any) -> str:
    kind = err.get("type", "")
    if kind == "missing":
        return "missing required field"
    if kind == "extra_forbidden":
        return "unknown field (a typo?)"
    msg = str(err.get("msg", "invalid value"))
    return msg.removeprefix("Value error, ")
