"""The LLM grader: the model judges each criterion with quoted evidence; the code verifies and scores.

Empty and "don't know" answers never reach the endpoint. Quotes that are not in the answer earn nothing.
On an outage the answer is graded offline and the feedback says so; configuration errors (bad key, wrong
model or URL) raise LLMConfigError at once with the setting to fix.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from mock_interview.bank.models import Question, Rubric
from mock_interview.config import Settings
from mock_interview.grading import guards
from mock_interview.grading.base import Grader, PartialCallback
from mock_interview.grading.feedback import Adjustment, Feedback, Flag, Probe
from mock_interview.grading.llm import modes
from mock_interview.grading.llm.parse import InvalidOutput, parse_grading, partial_criteria
from mock_interview.grading.llm.prompt import REPAIR_INVALID, REPAIR_TRUNCATED, build_prompt
from mock_interview.grading.llm.schema import ModelGrading, json_schema
from mock_interview.grading.llm.transport import ChatEndpoint, EndpointError, Mode
from mock_interview.grading.offline import OfflineGrader
from mock_interview.grading.scoring import CriterionGrade, assemble, injection_adjustment
from mock_interview.grading.spans import AnswerSpans
from mock_interview.lang import Lang

MAX_ANSWER_CHARS = 6000
LEVEL_CREDIT = {"none": 0.0, "partial": 0.5, "full": 1.0}


class LLMConfigError(Exception):
    """The endpoint rejected the configuration (key, model, URL); retrying or falling back would hide it."""


class LLMGrader:
    """Grades through an OpenAI-compatible endpoint; falls back to `fallback` when the endpoint is down."""

    def __init__(
        self,
        settings: Settings,
        *,
        http_client: httpx.Client | None = None,
        fallback: Grader | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.endpoint = ChatEndpoint(settings, http_client=http_client)
        self.fallback = fallback or OfflineGrader()
        self._sleep = sleep
        self._clock = clock

    @property
    def name(self) -> str:
        return f"llm:{self.settings.effective_model}"

    def grade(
        self, question: Question, rubric: Rubric, answer: str, language: Lang, on_partial: PartialCallback | None = None
    ) -> Feedback:
        if guards.is_empty(answer) or guards.is_dont_know(answer):
            reason = {"zh": "未发送给模型：空答案或“不知道”", "en": 'not sent to the model: empty or "don\'t know"'}
            return self._offline(question, rubric, answer, language, reason[language])
        flags: list[Flag] = []
        sent = answer
        if len(answer) > MAX_ANSWER_CHARS:
            flags.append("too_long")
            sent = answer[:MAX_ANSWER_CHARS]
        injected = guards.injection_spans(answer)
        try:
            grading = self._ask(question, rubric, sent, language, on_partial)
        except EndpointError as exc:
            if exc.kind in ("auth", "not_found"):
                raise LLMConfigError(exc.message) from exc
            return self._offline(question, rubric, answer, language, _describe(exc, language))
        return self._feedback(question, rubric, answer, language, grading, injected, flags)

    # -- talking to the model --------------------------------------------------------------------------
    def _ask(
        self, question: Question, rubric: Rubric, answer: str, language: Lang, on_partial: PartialCallback | None
    ) -> ModelGrading:
        deadline = self._clock() + self.settings.timeout
        prompt = build_prompt(question, rubric, answer, language)
        criterion_ids = [c.id for c in rubric.criteria]
        schema = json_schema(criterion_ids, [m.id for m in rubric.misconceptions])
        url, model = self.settings.effective_base_url, self.settings.effective_model
        configured = self.settings.structured_output
        mode: Mode = configured if configured != "auto" else (modes.remembered(url, model) or "json_schema")
        on_text = self._partial_forwarder(on_partial) if on_partial and self.settings.stream else None
        messages = prompt.messages()
        while True:
            try:
                reply = self.endpoint.complete(
                    messages, mode, schema, deadline, on_text, sleep=self._sleep, clock=self._clock
                )
                break
            except EndpointError as exc:
                lower = modes.next_mode(mode)
                if exc.kind == "bad_request" and configured == "auto" and lower is not None:
                    mode = lower  # the server does not take this structured-output mode: step down
                    continue
                if exc.kind == "bad_request" and on_text is not None:
                    on_text = None  # some servers reject streaming; try once more without it
                    continue
                raise
        if configured == "auto":
            modes.remember(url, model, mode)
        try:
            return self._parse(reply.text, reply.finish_reason, reply.refusal, criterion_ids)
        except InvalidOutput as exc:
            repair = REPAIR_TRUNCATED if reply.finish_reason == "length" else REPAIR_INVALID.format(error=exc)
            retry_messages = [
                *messages,
                {"role": "assistant", "content": reply.text},
                {"role": "user", "content": repair},
            ]
            second = self.endpoint.complete(
                retry_messages, mode, schema, deadline, None, sleep=self._sleep, clock=self._clock
            )
            try:
                return self._parse(second.text, second.finish_reason, second.refusal, criterion_ids)
            except InvalidOutput as again:
                raise EndpointError("invalid_output", f"the model's reply was unusable twice: {again}") from again

    @staticmethod
    def _parse(text: str, finish: str | None, refusal: str | None, criterion_ids: list[str]) -> ModelGrading:
        if refusal or finish == "content_filter":
            detail = f": {refusal}" if refusal else " (content filter)"
            raise EndpointError("refusal", f"the model refused to grade{detail}")
        if finish == "length":
            raise InvalidOutput("the reply was cut off (finish_reason: length)")
        return parse_grading(text, criterion_ids)

    @staticmethod
    def _partial_forwarder(on_partial: PartialCallback) -> Callable[[str], None]:
        seen = 0

        def forward(text: str) -> None:
            nonlocal seen
            done = partial_criteria(text)
            if len(done) > seen:
                seen = len(done)
                on_partial(done)

        return forward

    # -- turning the judgement into feedback ---------------------------------------------------------------
    def _feedback(
        self,
        question: Question,
        rubric: Rubric,
        answer: str,
        language: Lang,
        grading: ModelGrading,
        injected: list[tuple[int, int]],
        flags: list[Flag],
    ) -> Feedback:
        spans = AnswerSpans(answer, excluded=injected)
        judged = {j.id: j for j in grading.criteria}
        grades: dict[str, CriterionGrade] = {}
        unverified = {
            "zh": "（模型引用的证据在答案中找不到，不计分）",
            "en": " (the quoted evidence is not in the answer; no credit)",
        }
        for criterion in rubric.criteria:
            j = judged.get(criterion.id)
            if j is None:
                continue
            evidence = spans.verify(j.evidence)
            credit = LEVEL_CREDIT[j.level] if evidence else 0.0
            note = unverified[language] if j.level != "none" and not evidence else ""
            valid_kps = {kp.id for kp in criterion.key_points}
            covered = {k for k in j.key_points if k in valid_kps} if credit else set()
            grades[criterion.id] = CriterionGrade(credit, covered, evidence, (j.reasoning + note).strip() or None)
        misconceptions = []
        known = {m.id: m for m in rubric.misconceptions}
        for mj in grading.misconceptions:
            m = known.get(mj.id)
            evidence = spans.verify(mj.evidence)
            if m is not None and evidence:
                misconceptions.append((m, evidence))
        flags = [*flags, *[f for f in grading.flags if f != "injection_suspected"]]
        adjustments: list[Adjustment] = []
        if injected or grading.injection_suspected:
            flags.append("injection_suspected")
        if injected:
            adjustments.append(injection_adjustment(rubric, grades, misconceptions, language))
        feedback = assemble(
            question=question,
            rubric=rubric,
            language=language,
            grader=self.name,
            grades=grades,
            misconceptions=misconceptions,
            flags=flags,
            adjustments=adjustments,
        )
        probe = grading.follow_up
        if probe and probe.question.strip():
            targets = [t for t in probe.targets if feedback.criterion(t) and feedback.criterion(t).verdict != "met"]  # type: ignore[union-attr]
            if targets:
                feedback = feedback.model_copy(
                    update={"probe": Probe(question=probe.question.strip(), targets=targets)}
                )
        return feedback

    def _offline(self, question: Question, rubric: Rubric, answer: str, language: Lang, reason: str) -> Feedback:
        feedback = self.fallback.grade(question, rubric, answer, language)
        return feedback.model_copy(update={"fallback_reason": reason})


def _describe(exc: EndpointError, language: Lang) -> str:
    prefix = {"zh": "LLM 评分失败，已改用离线评分：", "en": "LLM grading failed, graded offline instead: "}
    return prefix[language] + exc.message
