eval --policy policies/network --input tests/golden/decisions/shop-flows.jsonl
