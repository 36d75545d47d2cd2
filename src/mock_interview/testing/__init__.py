"""Test helpers that ship with the package: an OpenAI-compatible stub server for end-to-end runs."""
