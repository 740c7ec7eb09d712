eval --policy policies/network --input examples/shop-flows.jsonl
