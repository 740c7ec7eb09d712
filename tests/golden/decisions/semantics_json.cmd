eval --format json --policy tests/golden/decisions/semantics.rp --input tests/golden/decisions/pods.yaml --input tests/golden/decisions/events.jsonl
