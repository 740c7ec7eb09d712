eval --policy policies/runtime --input tests/golden/decisions/node-events.jsonl
