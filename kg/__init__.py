"""dckg core: vocabulary, build pipeline (load, reason, check, validate, store), queries, analytics, CLI."""
