"""Secrets and personal data as users paste them, for the redaction tests
(tests/test_search_log.py, tests/test_search_log_server.py): made up, in the
shapes real pastes carry them."""

# (paste, the secret in it): what users paste, with what must never be kept.
LEAKS = [
    (
        "Invalid key sk-9f8e7d6c5b4a39281706f5e4d3c2b1a0 provided",
        "sk-9f8e7d6c5b4a39281706f5e4d3c2b1a0",
    ),
    ("api_key=sk-sp-4a7b1c9d2e8f3a6b5c4d quota gone", "sk-sp-4a7b1c9d2e8f3a6b5c4d"),
    ('{"api_key": "sk-ws-Zq81pLmN0o2Rk7"} rejected', "sk-ws-Zq81pLmN0o2Rk7"),
    (
        "DASHSCOPE_API_KEY=sk-abcdef0123456789abcd not working",
        "sk-abcdef0123456789abcd",
    ),
    ("Authorization: Bearer sk-live77a1b2c3d4e5f6 401", "sk-live77a1b2c3d4e5f6"),
    (
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    ),
    (
        "-H 'Authorization: Basic dXNlcjpwYXNzd29yZDEyMw==' forbidden",
        "dXNlcjpwYXNzd29yZDEyMw==",
    ),
    ('headers={"Authorization": "Token q8w7e6r5t4y3u2i1"} failed', "q8w7e6r5t4y3u2i1"),
    ("authorization=abc123def456ghi789 was refused", "abc123def456ghi789"),
    ("AccessKeyId LTAI5tQxP9v8mR3kN2jW7yZa is not enabled", "LTAI5tQxP9v8mR3kN2jW7yZa"),
    ("access_key_id: LTAI4Fw2e7RbN8sKp1Qd3Lx9 denied", "LTAI4Fw2e7RbN8sKp1Qd3Lx9"),
    (
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET=Xk2v9QmP4rT7wZ1yB8nC5dF3gH6jL0 invalid",
        "Xk2v9QmP4rT7wZ1yB8nC5dF3gH6jL0",
    ),
    (
        '"AccessKeySecret": "Hq7Lm2Nx9Pv4Rz8Tb3Wc6Yd1Fg5Jk0" signature mismatch',
        "Hq7Lm2Nx9Pv4Rz8Tb3Wc6Yd1Fg5Jk0",
    ),
    (
        "secret_key = 'u1I2o3P4a5S6d7F8g9H0' SignatureDoesNotMatch",
        "u1I2o3P4a5S6d7F8g9H0",
    ),
    (
        "SecurityToken: CAIS8gF1q6Ft5B2yfSjIr5bkKc3mpb1 expired",
        "CAIS8gF1q6Ft5B2yfSjIr5bkKc3mpb1",
    ),
    ("STS.NUgYrLnoC4kJ2bNz9Xq3F token expired", "STS.NUgYrLnoC4kJ2bNz9Xq3F"),
    (
        "GET https://example.com/a.png?key=AIzaSyD3f9k2LmN8qR4tV6wX1 failed to download",
        "AIzaSyD3f9k2LmN8qR4tV6wX1",
    ),
    (
        "https://bucket.oss-cn-beijing.aliyuncs.com/x.wav?Expires=1700000000&OSSAccessKeyId=LTAI5tAbCdEfGh12345678&Signature=k%2FvQ9zL3mP8wR2xT5y download failed",
        "k%2FvQ9zL3mP8wR2xT5y",
    ),
    (
        "https://cdn.example.com/v.mp4?token=tK9mQ2vL8pX4wZ7r download timeout",
        "tK9mQ2vL8pX4wZ7r",
    ),
    (
        "https://files.example.org/doc.pdf?access_token=ya29.a0AfH6SMBx7Lq2 403",
        "ya29.a0AfH6SMBx7Lq2",
    ),
    (
        "https://s3.example.com/f?X-Amz-Signature=9f8a7b6c5d4e3f2a1b0c&x=1 timeout",
        "9f8a7b6c5d4e3f2a1b0c",
    ),
    (
        "https://img.example.com/p.jpg?signature=Zx8Cv7Bn6Mm5Ll4Kk3 InvalidURL",
        "Zx8Cv7Bn6Mm5Ll4Kk3",
    ),
    ("ws://host/ws?sig=7a6b5c4d3e2f1a0b9c8d connection closed", "7a6b5c4d3e2f1a0b9c8d"),
    (
        "Send me the fix at jane.doe@example.com please, 400 error",
        "jane.doe@example.com",
    ),
    (
        "user chen.wei+test@corp.example.cn got Arrearage",
        "chen.wei+test@corp.example.cn",
    ),
    ("Failed to connect to 47.88.123.45:443 after 3 retries", "47.88.123.45"),
    ("client 192.168.10.27 blocked by proxy", "192.168.10.27"),
    ("upstream 10.0.0.254 refused connection", "10.0.0.254"),
    ("bind to 2001:db8:85a3::8a2e:370:7334 failed", "2001:db8:85a3::8a2e:370:7334"),
    (
        "connect fe80:0:0:0:202:b3ff:fe1e:8329 unreachable",
        "fe80:0:0:0:202:b3ff:fe1e:8329",
    ),
    (
        '"request_id": "b7e3f1a2-9c4d-4e8f-a1b2-c3d4e5f60718" InternalError.Algo odd',
        "b7e3f1a2-9c4d-4e8f-a1b2-c3d4e5f60718",
    ),
    (
        "RequestId: 5F2C1A3B-7D8E-4F90-A1B2-C3D4E5F6A7B8 weird failure",
        "5F2C1A3B-7D8E-4F90-A1B2-C3D4E5F6A7B8",
    ),
    ("x-request-id: req_8Hk2Lm9Np4Qr7St1 wobble", "req_8Hk2Lm9Np4Qr7St1"),
    (
        "task_id=c0ffee12-3456-789a-bcde-f0123456789a stuck forever",
        "c0ffee12-3456-789a-bcde-f0123456789a",
    ),
    (
        "trace id 0af7651916cd43dd8448eb211c80319c strange hang",
        "0af7651916cd43dd8448eb211c80319c",
    ),
    ('{"password": "hunter2hunter2"} login glitch', "hunter2hunter2"),
    ("client_secret=Pq9Wr8Et7Yu6Io5 oauth flop", "Pq9Wr8Et7Yu6Io5"),
    ("Cookie: session=Sx8Dc7Fv6Gb5Hn4 stale", "Sx8Dc7Fv6Gb5Hn4"),
    ("refresh_token: rT4yU7iO1pA3sD6f invalid grant", "rT4yU7iO1pA3sD6f"),
    ("x-api-key: Kj7Hg6Fd5Sa4Lk3 wrong header", "Kj7Hg6Fd5Sa4Lk3"),
    (
        "openai.AuthenticationError: Incorrect API key provided: sk-proj-Ab12Cd34Ef56Gh78 zork",
        "sk-proj-Ab12Cd34Ef56Gh78",
    ),
    (
        "Traceback ... dashscope.api_key = 'sk-2b3c4d5e6f7a8b9c0d1e' frobnicate",
        "sk-2b3c4d5e6f7a8b9c0d1e",
    ),
]
