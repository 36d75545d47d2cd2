"""Time from launch to the first question on screen, beside a minimal Textual app measured the same way.

    python bench/tui_startup.py [--runs 7]

Each run is a fresh interpreter (so imports count). Both apps run headless under the same harness; ours goes
start screen -> Start -> first question, the minimal one shows one Static. Prints medians and the ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

OURS = """
import time; t0 = time.perf_counter()
import asyncio, json, sys
from mock_interview.tui.app import make_app
from mock_interview.tui.interview import InterviewScreen
async def main():
    app = make_app(language="en")
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        first_screen = time.perf_counter() - t0
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        question = time.perf_counter() - t0
    print(json.dumps({"first_screen": first_screen, "question": question, "openai": "openai" in sys.modules}))
asyncio.run(main())
"""

MINIMAL = """
import time; t0 = time.perf_counter()
import asyncio, json
from textual.app import App
from textual.widgets import Static
class Minimal(App[None]):
    def compose(self):
        yield Static("What is attention?")
async def main():
    app = Minimal()
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        shown = time.perf_counter() - t0
    print(json.dumps({"first_screen": shown, "question": shown}))
asyncio.run(main())
"""


def measure(code: str, runs: int) -> tuple[float, float, float, bool]:
    walls, screens, questions, openai = [], [], [], False
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        walls.append(time.perf_counter() - start)
        data = json.loads(out.stdout.strip().splitlines()[-1])
        screens.append(data["first_screen"])
        questions.append(data["question"])
        openai = openai or data.get("openai", False)
    return statistics.median(walls), statistics.median(screens), statistics.median(questions), openai


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    measure(MINIMAL, 1)  # warm the file cache
    m_wall, m_screen, _, _ = measure(MINIMAL, args.runs)
    o_wall, o_screen, o_question, openai = measure(OURS, args.runs)
    print(f"== TUI start-up, median of {args.runs} fresh interpreters (headless, 110x40)")
    print(
        f"   minimal Textual app: first screen {m_screen * 1000:.0f} ms after the script starts; "
        f"process {m_wall * 1000:.0f} ms"
    )
    print(
        f"   mock-interview:      start screen {o_screen * 1000:.0f} ms, first question {o_question * 1000:.0f} ms; "
        f"process {o_wall * 1000:.0f} ms; openai imported before the first question: {openai}"
    )
    print(
        f"   ratio (first question / minimal first screen): {o_question / m_screen:.2f}; "
        f"process wall: {o_wall / m_wall:.2f}"
    )


if __name__ == "__main__":
    main()
