"""The LLM grader: prompts, structured output across servers, retries, streaming, evidence verification."""
