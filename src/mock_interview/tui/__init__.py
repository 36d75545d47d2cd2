"""The Textual app. The only package that imports textual; it renders engine state and sends intents."""
