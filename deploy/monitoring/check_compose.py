#!/usr/bin/env python3
"""Checks docker-compose.yml without Docker (scripts/check-monitoring.sh): it parses, the monitoring
profile has its three services, every file or folder a service mounts exists, every secret and
named volume a service uses is declared, and Prometheus scrapes services and ports that exist.
Needs PyYAML; exits 2 when it is missing so the caller can say the check was skipped."""
import os
import re
import sys

try:
    import yaml
except ImportError:
    print("check_compose: PyYAML is not installed (python3 -m pip install pyyaml)", file=sys.stderr)
    sys.exit(2)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
errors = []


def fail(message):
    errors.append(message)


with open(os.path.join(ROOT, "docker-compose.yml")) as f:
    compose = yaml.safe_load(f)
with open(os.path.join(ROOT, "deploy/monitoring/prometheus/prometheus.yml")) as f:
    prometheus = yaml.safe_load(f)

services = compose.get("services", {})
secrets = compose.get("secrets", {}) or {}
volumes = compose.get("volumes", {}) or {}

monitoring = sorted(name for name, s in services.items() if "monitoring" in (s.get("profiles") or []))
if monitoring != ["alertmanager", "grafana", "prometheus"]:
    fail(f"monitoring profile services are {monitoring}, expected alertmanager, grafana, prometheus")
for name, service in services.items():
    if name not in monitoring and service.get("profiles"):
        fail(f"{name}: only the monitoring services have a profile")

for name, service in services.items():
    for mount in service.get("volumes") or []:
        source = mount.split(":")[0] if isinstance(mount, str) else mount.get("source", "")
        if source.startswith((".", "/")):
            if not os.path.exists(os.path.join(ROOT, source)):
                fail(f"{name}: mounts {source}, which does not exist")
        elif source not in volumes:
            fail(f"{name}: named volume {source} is not declared under volumes:")
    for secret in service.get("secrets") or []:
        source = secret if isinstance(secret, str) else secret.get("source")
        if source not in secrets:
            fail(f"{name}: secret {source} is not declared under secrets:")
    for config in [a for a in service.get("command") or [] if isinstance(a, str) and a.startswith("--config.file=")]:
        inside = config.split("=", 1)[1]
        host = [m.split(":") for m in service.get("volumes") or [] if isinstance(m, str) and inside.startswith(m.split(":")[1] + "/")]
        if not host or not os.path.isfile(os.path.join(ROOT, host[0][0], inside[len(host[0][1]) + 1 :])):
            fail(f"{name}: {config} is not a file mounted from the repository")
for name, secret in secrets.items():
    if not secret.get("environment") and not secret.get("file"):
        fail(f"secret {name}: expected environment: or file:")
    used = [s for s in services.values() for x in s.get("secrets") or [] if (x if isinstance(x, str) else x.get("source")) == name]
    if not used:
        fail(f"secret {name} is used by no service")

# The secret Prometheus reads its bearer token from is mounted into prometheus, as the file it names.
for job in prometheus.get("scrape_configs", []):
    file = (job.get("authorization") or {}).get("credentials_file")
    if file:
        secret = os.path.basename(file)
        if not file.startswith("/run/secrets/") or secret not in (services.get("prometheus", {}).get("secrets") or []):
            fail(f"prometheus job {job['job_name']}: {file} is not a secret mounted into prometheus")
        if secrets.get(secret, {}).get("environment") != "METRICS_TOKEN":
            fail(f"prometheus job {job['job_name']}: secret {secret} must come from METRICS_TOKEN")
    for sd in job.get("dns_sd_configs", []):
        for host in sd.get("names", []):
            service = services.get(host)
            if not service:
                fail(f"prometheus job {job['job_name']}: no service {host}")
                continue
            ports = {str(p) for p in service.get("expose") or []} | {str(p).rsplit(":", 1)[-1] for p in service.get("ports") or []}
            env = service.get("environment") or {}
            if str(sd["port"]) not in ports and str(sd["port"]) != str(env.get("PORT")):
                fail(f"prometheus job {job['job_name']}: {host} does not listen on {sd['port']}")

app_env = compose.get("x-app-env", {})
if "METRICS_TOKEN" not in app_env:
    fail("x-app-env: api and worker must get METRICS_TOKEN")
worker_env = services.get("worker", {}).get("environment", {})
if worker_env.get("TEMPORAL_SDK_METRICS_HOST") != "0.0.0.0":
    fail("worker: TEMPORAL_SDK_METRICS_HOST must be 0.0.0.0 for Prometheus to reach the SDK metrics")
health = " ".join(services.get("worker", {}).get("healthcheck", {}).get("test", []))
if "METRICS_TOKEN" not in health:
    fail("worker: the healthcheck reads /metrics, so it must send METRICS_TOKEN")
for name in monitoring:
    for port in services[name].get("ports") or []:
        if not re.match(r"^\$\{\w+_BIND:-127\.0\.0\.1\}:", str(port)):
            fail(f"{name}: port {port} must default to loopback")

if errors:
    print("docker-compose.yml:\n  " + "\n  ".join(errors), file=sys.stderr)
    sys.exit(1)
print(f"docker-compose.yml: {len(services)} services, monitoring profile {', '.join(monitoring)}: OK")
