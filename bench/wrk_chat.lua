-- wrk -s bench/wrk_chat.lua URL : non-streaming OpenAI chat completions against stormproof-sim.
wrk.method = "POST"
wrk.path = "/v1/chat/completions"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
wrk.body = '{"model":"bench","messages":[{"role":"user","content":"Say something about retries."}]}'
