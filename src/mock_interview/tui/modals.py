"""Small modal screens: help (the keys) and quit confirmation."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from mock_interview.lang import Lang
from mock_interview.strings import t

KEYS: list[tuple[str, dict[Lang, str]]] = [
    ("Ctrl+S / F5", {"zh": "提交回答", "en": "submit the answer"}),
    ("F2", {"zh": "提示（每个扣 0.5 分）", "en": "hint (costs 0.5 points each)"}),
    ("F3", {"zh": "不知道", "en": "I don't know"}),
    ("F4", {"zh": "跳过这题", "en": "skip the question"}),
    ("Enter / N", {"zh": "（反馈页）继续", "en": "(feedback) continue"}),
    ("R", {"zh": "（反馈页）显示/隐藏参考答案", "en": "(feedback) show / hide the reference answer"}),
    ("F6", {"zh": "（开始页）历史记录", "en": "(start screen) history"}),
    ("Ctrl+P", {"zh": "命令面板（也可切换主题）", "en": "command palette (also: change theme)"}),
    ("F1", {"zh": "本帮助", "en": "this help"}),
    ("Ctrl+Q", {"zh": "退出（会先确认）", "en": "quit (asks first)"}),
]


class HelpScreen(ModalScreen[None]):
    """The keys, in the session language."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        text = Text(t("keys", self.lang) + "\n\n", style="bold")
        for key, what in KEYS:
            text.append(f"{key:<12}", style="bold cyan")
            text.append(what[self.lang] + "\n")
        with Vertical(id="help-box", classes="modal-box"):
            yield Static(text)
            yield Button("OK", id="help-ok", variant="primary")

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.dismiss(None)


class ConfirmQuit(ModalScreen[bool]):
    """Asks before quitting; warns when the editor holds an unsubmitted answer."""

    BINDINGS = [Binding("escape,n", "cancel", "Cancel"), Binding("y", "confirm", "Quit")]

    def __init__(self, lang: Lang, unsent: bool) -> None:
        super().__init__()
        self.lang = lang
        self.unsent = unsent

    def compose(self) -> ComposeResult:
        message = t("quit_confirm", self.lang)
        if self.unsent:
            message = t("unsent_warning", self.lang) + "\n" + message
        with Vertical(id="confirm-box", classes="modal-box"):
            yield Static(Text(message))
            with Horizontal(classes="buttons"):
                yield Button(t("yes_quit", self.lang), id="confirm-quit", variant="error")
                yield Button(t("cancel", self.lang), id="confirm-cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-quit")

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_confirm(self) -> None:
        self.dismiss(True)
