"""User-facing strings in both languages, shared by the CLI and the TUI."""

from __future__ import annotations

from mock_interview.lang import Lang

_STRINGS: dict[str, dict[Lang, str]] = {
    "app_title": {"zh": "模拟面试", "en": "mock-interview"},
    "subtitle": {"zh": "Transformer / LLM 面试练习", "en": "Transformer / LLM interview practice"},
    "language": {"zh": "语言", "en": "Language"},
    "grader": {"zh": "评分方式", "en": "Grader"},
    "offline_label": {"zh": "离线规则评分（非 LLM 评分）", "en": "offline, not LLM-graded"},
    "llm_label": {"zh": "LLM 评分：{model}", "en": "LLM: {model}"},
    "llm_configured": {"zh": "已配置 LLM 端点：{model} @ {url}", "en": "LLM endpoint configured: {model} @ {url}"},
    "llm_missing": {
        "zh": "未配置 LLM 端点（设置 OPENAI_API_KEY / OPENAI_BASE_URL 即可使用）——将使用离线评分，非 LLM 评分",
        "en": "No LLM endpoint configured (set OPENAI_API_KEY / OPENAI_BASE_URL) — grading is offline, not LLM-graded",
    },
    "tag": {"zh": "标签", "en": "Tag"},
    "all_tags": {"zh": "全部", "en": "All"},
    "difficulty": {"zh": "难度", "en": "Difficulty"},
    "easy": {"zh": "简单", "en": "easy"},
    "medium": {"zh": "中等", "en": "medium"},
    "hard": {"zh": "困难", "en": "hard"},
    "count": {"zh": "题数（空=全部）", "en": "How many (blank=all)"},
    "shuffle": {"zh": "随机顺序", "en": "Shuffle"},
    "depth": {"zh": "追问深度", "en": "Follow-up depth"},
    "selected": {"zh": "已选 {n} 题", "en": "{n} questions selected"},
    "none_selected": {"zh": "没有符合条件的题目", "en": "No question matches"},
    "start": {"zh": "开始面试", "en": "Start interview"},
    "question_of": {"zh": "第 {i}/{n} 题", "en": "Question {i}/{n}"},
    "follow_up": {"zh": "追问", "en": "follow-up"},
    "probe": {"zh": "面试官追问", "en": "interviewer probe"},
    "placeholder": {
        "zh": "在这里写下你的回答……（Ctrl+S 或 F5 提交）",
        "en": "Type your answer… (Ctrl+S or F5 submits)",
    },
    "submit": {"zh": "提交", "en": "Submit"},
    "dont_know": {"zh": "不知道", "en": "I don't know"},
    "hint": {"zh": "提示", "en": "Hint"},
    "skip": {"zh": "跳过", "en": "Skip"},
    "quit": {"zh": "退出", "en": "Quit"},
    "help": {"zh": "帮助", "en": "Help"},
    "no_more_hints": {"zh": "没有更多提示了", "en": "No more hints"},
    "hint_cost": {"zh": "每个提示扣 {cost} 分", "en": "each hint costs {cost} points"},
    "empty_answer": {
        "zh": "回答是空的：写点什么，或者选“不知道”/“跳过”",
        "en": "The answer is empty: write something, or choose I don't know / Skip",
    },
    "grading": {"zh": "评分中（{grader}）……", "en": "Grading ({grader})…"},
    "grading_failed": {
        "zh": "评分失败：{error}。你的回答还在，可以再次提交。",
        "en": "Grading failed: {error}. Your answer is still here; submit again.",
    },
    "score": {"zh": "得分", "en": "Score"},
    "graded_by": {"zh": "评分", "en": "Graded by"},
    "fallback": {"zh": "回退", "en": "Fallback"},
    "flags": {"zh": "标记", "en": "Flags"},
    "your_answer": {"zh": "你的回答（高亮为被引用的证据）", "en": "Your answer (quoted evidence highlighted)"},
    "criteria": {"zh": "评分项", "en": "Criteria"},
    "covered": {"zh": "答到的要点", "en": "Covered key points"},
    "missed": {"zh": "遗漏的要点", "en": "Missed key points"},
    "misconceptions": {"zh": "错误观点", "en": "Misconceptions"},
    "strengths": {"zh": "亮点", "en": "Strengths"},
    "deductions": {"zh": "扣分", "en": "Deductions"},
    "reference": {"zh": "参考答案（R 切换）", "en": "Reference answer (R toggles)"},
    "continue": {"zh": "继续", "en": "Continue"},
    "next_follow_up": {"zh": "下一步：追问", "en": "Next: a follow-up"},
    "next_question": {"zh": "下一步：下一题", "en": "Next: the next question"},
    "next_summary": {"zh": "下一步：总结", "en": "Next: the summary"},
    "none": {"zh": "无", "en": "none"},
    "summary": {"zh": "面试总结", "en": "Interview summary"},
    "mean": {"zh": "平均分", "en": "Mean score"},
    "time": {"zh": "用时", "en": "Time"},
    "hints_used": {"zh": "提示", "en": "Hints"},
    "by_tag": {"zh": "按标签", "en": "By tag"},
    "weakest": {"zh": "最需要加强", "en": "Weakest areas"},
    "saved": {"zh": "记录已保存：", "en": "Transcript saved:"},
    "skipped": {"zh": "跳过", "en": "skipped"},
    "new_session": {"zh": "新的面试", "en": "New session"},
    "quit_confirm": {
        "zh": "退出面试？已作答的内容会保存到记录中。",
        "en": "Quit the interview? What you answered is saved in a transcript.",
    },
    "unsent_warning": {"zh": "编辑框里还有未提交的回答。", "en": "The editor holds an answer you have not submitted."},
    "yes_quit": {"zh": "退出", "en": "Quit"},
    "cancel": {"zh": "取消", "en": "Cancel"},
    "keys": {"zh": "快捷键", "en": "Keys"},
    "correction": {"zh": "更正", "en": "correction"},
    "probe_asks": {"zh": "面试官追问", "en": "Interviewer asks"},
    "same_quote": {"zh": "同上", "en": "same sentence as above"},
    "follow_up_next": {"zh": "下一个追问", "en": "Follow-up next"},
}


def t(key: str, lang: Lang, **values: object) -> str:
    """The UI string `key` in `lang`, formatted with `values`."""
    text = _STRINGS[key][lang]
    return text.format(**values) if values else text
