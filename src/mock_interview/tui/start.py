"""The start screen: which questions, which language, which grader."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, Static, Switch

from mock_interview.bank.models import DIFFICULTIES, Bank
from mock_interview.config import Settings
from mock_interview.interview.session import plan_questions
from mock_interview.lang import Lang
from mock_interview.store.repo import StoredSession
from mock_interview.strings import t
from mock_interview.tui.base import AppScreen


@dataclass
class StartChoice:
    """What the candidate picked."""

    language: Lang
    grader: Literal["offline", "llm"]
    tag: str | None = None
    difficulties: list[str] = field(default_factory=lambda: list(DIFFICULTIES))
    count: int | None = 5
    shuffle: bool = False
    depth: int = 2
    due_only: bool = False


class StartScreen(AppScreen):
    """Hands the StartChoice to the app when the candidate starts."""

    BINDINGS = [
        Binding("ctrl+s,f5", "start", "Start", priority=True),
        Binding("f6", "app.history", "History"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(
        self,
        bank: Bank,
        settings: Settings,
        choice: StartChoice,
        unfinished: list[StoredSession] | None = None,
        due: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.bank = bank
        self.settings = settings
        self.choice = choice
        self.unfinished = unfinished or []
        self.due = [q for q in (due or []) if q in bank]

    def compose(self) -> ComposeResult:
        lang = self.choice.language
        with VerticalScroll(id="start"):
            yield Static(Text(t("app_title", lang), style="bold"), id="start-title")
            yield Static(Text(t("subtitle", lang), style="dim"), id="start-subtitle")
            yield Static(self._endpoint_text(), id="endpoint")
            for stored in self.unfinished:
                answered = sum(1 for turn in stored.turns if turn.answer is not None)
                label = t(
                    "resume_session", lang, id=stored.id, when=stored.started_at[:16].replace("T", " "), n=answered
                )
                yield Button(label, id=f"resume-{stored.id}", variant="warning", classes="resume")
            with Horizontal(classes="field"):
                yield Label(t("language", lang))
                yield Select([("中文", "zh"), ("English", "en")], value=lang, allow_blank=False, id="language")
                yield Label(t("grader", lang))
                yield Select(self._grader_options(), value=self.choice.grader, allow_blank=False, id="grader")
            with Horizontal(classes="field"):
                yield Label(t("tag", lang))
                tags = [(t("all_tags", lang), "")] + [
                    (self.bank.tag_label(slug, lang), slug) for slug in self.bank.tags
                ]
                yield Select(tags, value=self.choice.tag or "", allow_blank=False, id="tag")
                yield Label(t("depth", lang))
                yield Select([(str(d), d) for d in range(4)], value=self.choice.depth, allow_blank=False, id="depth")
            with Horizontal(classes="field"):
                yield Label(t("difficulty", lang))
                for level in DIFFICULTIES:
                    yield Checkbox(t(level, lang), level in self.choice.difficulties, id=f"difficulty-{level}")
            with Horizontal(classes="field"):
                yield Label(t("count", lang))
                count = "" if self.choice.count is None else str(self.choice.count)
                yield Input(count, type="integer", id="count")
                yield Label(t("shuffle", lang))
                yield Switch(self.choice.shuffle, id="shuffle")
            with Horizontal(classes="field"):
                yield Label(t("due_only", lang, n=len(self.due)))
                yield Switch(self.choice.due_only and bool(self.due), id="due-only", disabled=not self.due)
            yield Static(id="selected")
            yield Button(t("start", lang), id="start-button", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self._refresh_count()
        self.query_one("#start-button", Button).focus()

    def _grader_options(self) -> list[tuple[str, str]]:
        lang = self.choice.language
        options = [(t("offline_label", lang), "offline")]
        if self.settings.configured:
            options.append((t("llm_label", lang, model=self.settings.effective_model), "llm"))
        return options

    def _endpoint_text(self) -> Text:
        lang = self.choice.language
        if self.settings.configured:
            return Text(
                t("llm_configured", lang, model=self.settings.effective_model, url=self.settings.effective_base_url),
                style="green",
            )
        return Text(t("llm_missing", lang), style="yellow")

    def current_choice(self) -> StartChoice:
        def value(selector: str) -> object:
            return self.query_one(selector, Select).value

        count_text = self.query_one("#count", Input).value.strip()
        return StartChoice(
            language=value("#language"),  # type: ignore[arg-type]
            grader=value("#grader"),  # type: ignore[arg-type]
            tag=str(value("#tag")) or None,
            difficulties=[d for d in DIFFICULTIES if self.query_one(f"#difficulty-{d}", Checkbox).value],
            count=int(count_text) if count_text.isdigit() and int(count_text) > 0 else None,
            shuffle=self.query_one("#shuffle", Switch).value,
            due_only=self.query_one("#due-only", Switch).value,
            depth=int(value("#depth")),  # type: ignore[call-overload]
        )

    def planned(self) -> list[str]:
        c = self.current_choice()
        if c.due_only:
            return self.due[: c.count or None]
        return plan_questions(self.bank, tags=[c.tag] if c.tag else None, difficulties=c.difficulties, count=c.count)

    def _refresh_count(self) -> None:
        n = len(self.planned())
        lang = self.choice.language
        self.query_one("#selected", Static).update(Text(t("selected", lang, n=n) if n else t("none_selected", lang)))
        self.query_one("#start-button", Button).disabled = n == 0

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "language" and event.value != self.choice.language:
            self.flow.show_start(self.current_choice())  # re-render in that language
            return
        self._refresh_count()

    def on_checkbox_changed(self, _event: Checkbox.Changed) -> None:
        self._refresh_count()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._refresh_count()

    def on_switch_changed(self, _event: Switch.Changed) -> None:
        self._refresh_count()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start-button":
            self.action_start()
        elif event.button.id and event.button.id.startswith("resume-"):
            self.flow.resume_session(int(event.button.id.removeprefix("resume-")))

    def action_start(self) -> None:
        if self.planned():
            self.flow.start_session(self.current_choice())
