#!/usr/bin/env python3
"""Marquee's own checks of its deployment files, beyond what the schemas say (the Kubernetes
schemas and the compose-spec schema are checked by scripts/check-deploy.sh, which runs this with
its tool environment's Python: PyYAML is all it needs).

  deploy_lint.py k8s NAME RENDERED.yaml [--secrets FILE] [--gateway-template FILE] [--no-latest]
  deploy_lint.py compose docker-compose.yml

Prints one line per problem and a summary of what it checked; exits 1 when it found a problem.
"""

import os
import re
import sys

import yaml

SERVICES = ["auth", "movie", "booking", "payment", "notification"]
# What each Deployment's own Secret may hold: its credentials and nothing of anyone else's.
OWN_KEYS = {
    "auth": {"AUTH_DATABASE_URL", "REDIS_URL"},
    "movie": {"MOVIE_DATABASE_URL", "REDIS_URL", "MOVIE_AMQP_URL"},
    "booking": {"BOOKING_DATABASE_URL", "REDIS_URL", "BOOKING_AMQP_URL", "TICKET_SIGNING_KEY"},
    "payment": {"PAYMENT_DATABASE_URL", "REDIS_URL", "PAYMENT_AMQP_URL"},
    "notification": {"NOTIFICATION_DATABASE_URL", "NOTIFICATION_AMQP_URL"},
    "bff": {"REDIS_URL"},
}
# Containers allowed a writable root filesystem, and why (see their manifests).
WRITABLE_ROOT = {"rabbitmq": "RabbitMQ's scripts write beside their configuration"}
WORKLOADS = ("Deployment", "StatefulSet", "Job")


class Report:
    def __init__(self, name):
        self.name = name
        self.problems = []
        self.checked = []

    def problem(self, what, message):
        self.problems.append(f"{self.name}: {what}: {message}")

    def done(self, what):
        self.checked.append(what)

    def finish(self):
        for line in self.problems:
            print(f"  FAIL {line}")
        status = "ok" if not self.problems else f"{len(self.problems)} problem(s)"
        print(f"  {self.name}: {'; '.join(self.checked)} -- {status}")
        return 1 if self.problems else 0


def load(path):
    with open(path) as handle:
        return [doc for doc in yaml.safe_load_all(handle) if doc]


def ident(doc):
    return f"{doc['kind']}/{doc['metadata']['name']}"


def pod_spec(doc):
    return doc["spec"]["template"]["spec"]


def pod_labels(doc):
    return doc["spec"]["template"].get("metadata", {}).get("labels", {})


def selects(selector, labels):
    """Whether a label selector (matchLabels / matchExpressions) matches `labels`."""
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        key, operator = expression["key"], expression["operator"]
        values = expression.get("values") or []
        if operator == "In" and labels.get(key) not in values:
            return False
        if operator == "NotIn" and labels.get(key) in values:
            return False
        if operator == "Exists" and key not in labels:
            return False
        if operator == "DoesNotExist" and key in labels:
            return False
    return True


def check_pod_security(report, workloads, no_latest):
    for doc in workloads:
        spec = pod_spec(doc)
        pod_context = spec.get("securityContext") or {}
        what = ident(doc)
        if pod_context.get("runAsNonRoot") is not True:
            report.problem(what, "pod securityContext.runAsNonRoot is not true")
        if not pod_context.get("runAsUser"):
            report.problem(what, "pod securityContext.runAsUser is not a non-zero uid")
        if spec.get("automountServiceAccountToken") is not False:
            report.problem(what, "automountServiceAccountToken is not false")
        pod_seccomp = (pod_context.get("seccompProfile") or {}).get("type")
        containers = spec.get("containers", []) + spec.get("initContainers", [])
        for container in containers:
            where = f"{what} container {container['name']}"
            context = container.get("securityContext") or {}
            if context.get("allowPrivilegeEscalation") is not False:
                report.problem(where, "allowPrivilegeEscalation is not false")
            if context.get("privileged"):
                report.problem(where, "is privileged")
            capabilities = context.get("capabilities") or {}
            if "ALL" not in (capabilities.get("drop") or []):
                report.problem(where, "does not drop ALL capabilities")
            if capabilities.get("add"):
                report.problem(where, f"adds capabilities {capabilities['add']}")
            if (context.get("seccompProfile") or {}).get("type", pod_seccomp) != "RuntimeDefault":
                report.problem(where, "seccompProfile is not RuntimeDefault")
            if context.get("readOnlyRootFilesystem") is not True and container["name"] not in WRITABLE_ROOT:
                report.problem(where, "readOnlyRootFilesystem is not true")
            resources = container.get("resources") or {}
            for kind in ("cpu", "memory"):
                if kind not in (resources.get("requests") or {}):
                    report.problem(where, f"no {kind} request")
            if "memory" not in (resources.get("limits") or {}):
                report.problem(where, "no memory limit")
            image = container.get("image", "")
            if ":" not in image.rsplit("/", 1)[-1] and "@" not in image:
                report.problem(where, f"image {image!r} names no tag")
            if no_latest and image.endswith(":latest"):
                report.problem(where, f"image {image!r}: production pins a version, not latest")
            if doc["kind"] != "Job":
                for probe in ("readinessProbe", "livenessProbe"):
                    if probe not in container:
                        report.problem(where, f"no {probe}")
    report.done(f"pod security and resources of {len(workloads)} workloads")


def check_service_probes(report, by_kind):
    for service in SERVICES:
        doc = by_kind.get(("Deployment", service))
        if doc is None:
            report.problem(f"Deployment/{service}", "missing")
            continue
        container = pod_spec(doc)["containers"][0]
        ready = (container.get("readinessProbe") or {}).get("httpGet", {}).get("path")
        live = (container.get("livenessProbe") or {}).get("httpGet", {}).get("path")
        if ready != "/health":
            report.problem(f"Deployment/{service}", f"readiness probe is {ready!r}, not /health")
        if live != "/health/live":
            report.problem(f"Deployment/{service}", f"liveness probe is {live!r}, not /health/live")
    report.done("services' probes")


def references(spec):
    """(kind, name) of every ConfigMap and Secret a pod spec reads."""
    found = set()
    for container in spec.get("containers", []) + spec.get("initContainers", []):
        for source in container.get("envFrom") or []:
            if "configMapRef" in source:
                found.add(("ConfigMap", source["configMapRef"]["name"]))
            if "secretRef" in source:
                found.add(("Secret", source["secretRef"]["name"]))
        for variable in container.get("env") or []:
            value_from = variable.get("valueFrom") or {}
            if "configMapKeyRef" in value_from:
                found.add(("ConfigMap", value_from["configMapKeyRef"]["name"]))
            if "secretKeyRef" in value_from:
                found.add(("Secret", value_from["secretKeyRef"]["name"]))
    for volume in spec.get("volumes") or []:
        if "configMap" in volume:
            found.add(("ConfigMap", volume["configMap"]["name"]))
        if "secret" in volume:
            found.add(("Secret", volume["secret"]["secretName"]))
    return found


def check_references(report, workloads, by_kind, extra_secrets):
    count = 0
    for doc in workloads:
        for kind, name in sorted(references(pod_spec(doc))):
            count += 1
            if (kind, name) not in by_kind and not (kind == "Secret" and name in extra_secrets):
                report.problem(ident(doc), f"reads {kind} {name}, which nothing defines")
    report.done(f"{count} ConfigMap/Secret references resolve")


def check_own_secrets(report, workloads, by_kind, extra_secrets):
    secrets = {name: doc for (kind, name), doc in by_kind.items() if kind == "Secret"}
    secrets.update(extra_secrets)
    for doc in workloads:
        owner = pod_labels(doc).get("app.kubernetes.io/name")
        if owner not in OWN_KEYS:
            continue
        for kind, name in references(pod_spec(doc)):
            if kind == "Secret" and name.startswith("marquee-") and not name.startswith(f"marquee-{owner}"):
                report.problem(ident(doc), f"reads another's Secret {name}")
    for owner, allowed in OWN_KEYS.items():
        matching = [name for name in secrets if re.fullmatch(rf"marquee-{owner}(-[a-z0-9]+)?", name)]
        if not matching:
            report.problem(f"Secret/marquee-{owner}", "missing")
        for name in matching:
            secret = secrets[name]
            keys = set(secret.get("data") or {}) | set(secret.get("stringData") or {})
            if not keys - {"TICKET_SIGNING_KEY"}:
                report.problem(f"Secret/{name}", "holds nothing")
            if keys - allowed:
                report.problem(f"Secret/{name}", f"holds what is not {owner}'s: {sorted(keys - allowed)}")
    report.done("each Deployment reads only its own Secret, holding only its own credentials")


def check_selectors(report, docs, workloads, by_kind):
    for doc in docs:
        kind, what = doc["kind"], ident(doc)
        if kind == "Service":
            selector = doc["spec"].get("selector") or {}
            pods = [w for w in workloads if w["kind"] != "Job" and selects({"matchLabels": selector}, pod_labels(w))]
            if not pods:
                report.problem(what, f"selects no pods ({selector})")
            ports = {p.get("name") for w in pods for c in pod_spec(w)["containers"] for p in c.get("ports") or []}
            for port in doc["spec"].get("ports") or []:
                target = port.get("targetPort")
                if isinstance(target, str) and pods and target not in ports:
                    report.problem(what, f"targetPort {target!r} is no port of its pods")
        if kind == "PodDisruptionBudget":
            if not any(selects(doc["spec"]["selector"], pod_labels(w)) for w in workloads if w["kind"] != "Job"):
                report.problem(what, "selects no pods")
        if kind == "HorizontalPodAutoscaler":
            target = doc["spec"]["scaleTargetRef"]
            scaled = by_kind.get((target["kind"], target["name"]))
            if scaled is None:
                report.problem(what, f"scales {target['kind']}/{target['name']}, which is not defined")
            elif "replicas" in scaled["spec"]:
                report.problem(what, f"{target['name']} names a replica count: every apply would reset the autoscaler's")
        if kind == "Ingress":
            if not doc["spec"].get("tls"):
                report.problem(what, "has no TLS")
            for rule in doc["spec"].get("rules") or []:
                for path in rule.get("http", {}).get("paths") or []:
                    service = path["backend"]["service"]["name"]
                    if ("Service", service) not in by_kind:
                        report.problem(what, f"routes to Service {service}, which is not defined")
                    if path["path"].startswith("/ws"):
                        notes = doc["metadata"].get("annotations") or {}
                        for key in ("proxy-read-timeout", "proxy-send-timeout"):
                            value = notes.get(f"nginx.ingress.kubernetes.io/{key}", "60")
                            if int(value) < 3600:
                                report.problem(what, f"{path['path']}: {key} {value} < 3600 (live seat maps)")
    report.done("Services, PodDisruptionBudgets, autoscalers and Ingresses point at what exists")


def check_network(report, by_kind):
    if ("NetworkPolicy", "default-deny") not in by_kind:
        report.problem("NetworkPolicy/default-deny", "missing")
    ports = {}
    for name in SERVICES + ["bff"]:
        policy = by_kind.get(("NetworkPolicy", name))
        if policy is None:
            report.problem(f"NetworkPolicy/{name}", "missing")
            continue
        ports[name] = {p.get("port") for rule in policy["spec"].get("egress") or [] for p in rule.get("ports") or []}
    for name in SERVICES:
        if name in ports and 5432 not in ports[name]:
            report.problem(f"NetworkPolicy/{name}", "no egress to its database (the overlay's patch)")
    if "bff" in ports and ports["bff"] & {5432, 5672}:
        report.problem("NetworkPolicy/bff", "the BFF may reach a database or the broker")
    report.done("network policies: default deny, each service's database egress patched in")


def check_gateway(report, by_kind, template_path):
    gateway = by_kind.get(("Deployment", "gateway"))
    if gateway is None or not template_path:
        return
    with open(template_path) as handle:
        lines = [line for line in handle if not line.lstrip().startswith("#")]
    wanted = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)\}", "".join(lines)))
    container = pod_spec(gateway)["containers"][0]
    have = {variable["name"] for variable in container.get("env") or []}
    for name in sorted(wanted - have):
        report.problem("Deployment/gateway", f"the template's ${{{name}}} is not set (nginx would not start)")
    report.done(f"the gateway sets all {len(wanted)} variables its template uses")


def check_migrations(report, by_kind):
    for service in SERVICES:
        job = by_kind.get(("Job", f"migrate-{service}"))
        if job is None:
            report.problem(f"Job/migrate-{service}", "missing")
            continue
        command = pod_spec(job)["containers"][0].get("command")
        if command not in ([f"{service}-service", "migrate"], [f"{service}-service", "seed"]):
            report.problem(f"Job/migrate-{service}", f"runs {command}")
    report.done("a migrate Job per service")


def check_namespace(report, by_kind):
    namespace = by_kind.get(("Namespace", "marquee"))
    labels = (namespace or {}).get("metadata", {}).get("labels", {})
    if labels.get("pod-security.kubernetes.io/enforce") != "restricted":
        report.problem("Namespace/marquee", "does not enforce the restricted pod security profile")


def lint_k8s(arguments):
    name, path, *rest = arguments
    options = {"--secrets": None, "--gateway-template": None}
    no_latest = False
    while rest:
        flag = rest.pop(0)
        if flag == "--no-latest":
            no_latest = True
        else:
            options[flag] = rest.pop(0)
    docs = load(path)
    by_kind = {(doc["kind"], doc["metadata"]["name"]): doc for doc in docs}
    extra_secrets = {}
    if options["--secrets"]:
        extra_secrets = {doc["metadata"]["name"]: doc for doc in load(options["--secrets"]) if doc["kind"] == "Secret"}
    workloads = [doc for doc in docs if doc["kind"] in WORKLOADS]
    report = Report(f"k8s {name}")
    check_namespace(report, by_kind)
    check_pod_security(report, workloads, no_latest)
    check_service_probes(report, by_kind)
    check_references(report, workloads, by_kind, extra_secrets)
    check_own_secrets(report, workloads, by_kind, extra_secrets)
    check_selectors(report, docs, workloads, by_kind)
    check_network(report, by_kind)
    check_gateway(report, by_kind, options["--gateway-template"])
    check_migrations(report, by_kind)
    return report.finish()


def lint_compose(arguments):
    (path,) = arguments
    base = os.path.dirname(os.path.abspath(path))
    with open(path) as handle:
        compose = yaml.safe_load(handle)
    report = Report("compose")
    services = compose.get("services") or {}
    volumes = set((compose.get("volumes") or {}).keys())
    built = set()
    for name, service in services.items():
        build = service.get("build")
        if build:
            context = build if isinstance(build, str) else build.get("context", ".")
            dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
            if not os.path.isfile(os.path.join(base, context, dockerfile)):
                report.problem(name, f"builds from {dockerfile}, which does not exist")
            built.add(service.get("image"))
    mounts = 0
    for name, service in services.items():
        depends = service.get("depends_on") or []
        for other in depends if isinstance(depends, list) else depends.keys():
            if other not in services:
                report.problem(name, f"depends on {other}, which is not a service")
        if service.get("pull_policy") == "never" and service.get("image") not in built:
            report.problem(name, f"image {service.get('image')} is never pulled and no service builds it")
        for volume in service.get("volumes") or []:
            source = volume.split(":", 1)[0] if isinstance(volume, str) else volume.get("source", "")
            mounts += 1
            if source.startswith((".", "/")):
                if not os.path.exists(os.path.join(base, source)):
                    report.problem(name, f"mounts {source}, which does not exist")
            elif source not in volumes:
                report.problem(name, f"mounts the volume {source}, which is not declared")
    report.done(f"{len(services)} services: depends_on, {mounts} mounts and build files exist")
    return report.finish()


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("k8s", "compose"):
        sys.exit(__doc__)
    sys.exit(lint_k8s(sys.argv[2:]) if sys.argv[1] == "k8s" else lint_compose(sys.argv[2:]))


if __name__ == "__main__":
    main()
