eval --policy policies/runtime --input examples/node-events.jsonl
