"""The history screen: sessions, scores over time and per tag as sparklines, the weakest questions."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from mock_interview.bank.models import Bank
from mock_interview.display import literal
from mock_interview.interview.history import build_history, sparkline
from mock_interview.lang import Lang
from mock_interview.store import Store
from mock_interview.strings import t


class HistoryScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f6", "dismiss", "Close")]

    def __init__(self, store: Store, bank: Bank, lang: Lang) -> None:
        super().__init__()
        self.report = build_history(store, bank)
        self.bank = bank
        self.lang = lang

    def compose(self) -> ComposeResult:
        lang, report = self.lang, self.report
        with VerticalScroll(id="history", classes="modal-box"):
            yield Static(Text(t("history", lang), style="bold"))
            if not report.sessions:
                yield Static(Text(t("no_history", lang), style="dim"))
            else:
                yield Static(Text(t("sessions", lang), style="bold underline"), classes="section-title")
                yield DataTable(id="history-sessions", show_cursor=False)
                over = Text(f"{t('over_time', lang)}  ", style="bold")
                over.append(sparkline(report.scores_over_time), style="cyan")
                yield Static(over, classes="section-title")
                tags = Text(t("by_tag", lang) + "\n", style="bold underline")
                for tag, scores in report.by_tag.items():
                    tags.append(f"  {self.bank.tag_label(tag, lang):<24} {sum(scores) / len(scores):4.1f}  ")
                    tags.append(sparkline(scores) + "\n", style="cyan")
                yield Static(tags, classes="section-title")
                weakest = Text(t("weakest", lang) + "\n", style="bold underline")
                for qid, mean, n in report.weakest:
                    text = self.bank.question(qid).text.get(lang) if qid in self.bank else qid
                    weakest.append(f"  {mean:4.1f} ({n}×)  ")
                    weakest.append_text(literal(text))
                    weakest.append("\n")
                yield Static(weakest, classes="section-title")
                yield Static(Text(t("due_count", lang, n=len(report.due)), style="bold"), id="history-due")
        yield Footer()

    def on_mount(self) -> None:
        if not self.report.sessions:
            return
        table = self.query_one("#history-sessions", DataTable)
        table.add_columns("#", "started (UTC)", "lang", "grader", "status", "answers", t("mean", self.lang))
        for s in self.report.sessions:
            mean = f"{s.mean_score:.1f}" if s.mean_score is not None else "—"
            table.add_row(
                str(s.id),
                s.started_at[:16].replace("T", " "),
                s.language,
                Text(s.grader),
                s.status,
                str(s.answered),
                mean,
            )
