"""The summary screen: per question and per tag, time, hints, weakest areas, where the transcript is."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Static

from mock_interview.display import literal, score_bar
from mock_interview.interview.session import InterviewSession
from mock_interview.strings import t
from mock_interview.tui.base import AppScreen


class SummaryScreen(AppScreen):
    BINDINGS = [
        Binding("n", "app.new_session", "New session"),
        Binding("q", "app.quit", "Quit"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, session: InterviewSession, saved: tuple[Path, Path] | None, save_error: str | None) -> None:
        super().__init__()
        self.session = session
        self.saved = saved
        self.save_error = save_error
        self.lang = session.language
        self.summary = session.summary()

    def compose(self) -> ComposeResult:
        lang = self.lang
        summary = self.summary
        head = Text(t("summary", lang) + "\n", style="bold")
        if summary.mean_score is not None:
            head.append(f"{t('mean', lang)} {summary.mean_score:.1f}/10  ", style="bold")
            head.append_text(score_bar(summary.mean_score, 30))
        minutes, seconds = divmod(int(summary.seconds), 60)
        head.append(
            f"\n{t('time', lang)} {minutes:02d}:{seconds:02d} · {t('hints_used', lang)} {summary.hints}", style="dim"
        )
        with VerticalScroll(id="summary"):
            yield Static(head, id="summary-head")
            yield DataTable(id="by-question", show_cursor=False, zebra_stripes=True)
            yield Static(Text(t("by_tag", lang), style="bold underline"), classes="section-title")
            yield DataTable(id="by-tag", show_cursor=False)
            weakest = Text(t("weakest", lang) + ": ", style="bold")
            for qid, score in summary.weakest:
                weakest.append_text(literal(f"{self.session.bank.question(qid).text.get(lang)} ({score:.1f})  "))
            yield Static(weakest, id="weakest")
            if self.saved:
                saved = Text(t("saved", lang) + "\n", style="bold green")
                saved.append_text(literal(f"  {self.saved[0]}\n  {self.saved[1]}"))
            else:
                saved = literal(f"{t('saved', lang)} — {self.save_error}", "bold red")
            yield Static(saved, id="saved")
            with Horizontal(classes="buttons"):
                yield Button(t("new_session", lang) + " (N)", id="new", variant="primary")
                yield Button(t("quit", lang) + " (Q)", id="quit-app")
        yield Footer()

    def on_mount(self) -> None:
        lang = self.lang
        summary = self.summary
        table = self.query_one("#by-question", DataTable)
        table.add_columns("#", "id", t("score", lang), t("time", lang), t("hints_used", lang), t("graded_by", lang))
        for i, r in enumerate(summary.results, 1):
            kind = {"question": "", "follow_up": "  ↳ ", "probe": "  ↳? "}[r.kind]
            score = f"{r.score:.1f}" if r.score is not None else t("skipped", lang)
            grader = "offline" if r.grader == "offline" else (r.grader or "—")
            table.add_row(str(i), Text(kind + r.question_id), score, f"{r.seconds:.0f}s", str(r.hints), grader)
        tags = self.query_one("#by-tag", DataTable)
        tags.add_columns(t("tag", lang), t("mean", lang), "n")
        for tag, (mean, n) in summary.by_tag.items():
            tags.add_row(Text(self.session.bank.tag_label(tag, lang)), f"{mean:.1f}", str(n))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "new":
            self.flow.action_new_session()
        elif event.button.id == "quit-app":
            self.app.exit()
