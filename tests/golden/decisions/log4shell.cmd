eval --policy policies/log4shell --input tests/runtime/testdata/admission-review-pod.json --input tests/runtime/testdata/events.jsonl --data tests/runtime/testdata/trivy-log4j.json
