# Marquee: `make up` installs and starts everything; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help up dev down logs test build bench fmt lint status clean create-admin monitor

help: ## Show the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

up: ## Install what is missing, build optimised, start servers and the whole stack, print the URL
	@scripts/up.sh

dev: ## As `make up`, with debug builds: quicker to rebuild after a change, slower to serve
	@MARQUEE_BUILD=debug scripts/up.sh

down: ## Stop everything `make up` started
	@scripts/monitor.sh stop
	@scripts/stack.sh stop
	@scripts/infra.sh stop

logs: ## Follow the logs of Marquee's processes, the gateway and the servers
	@scripts/stack.sh logs

create-admin: ## Create an admin: make create-admin EMAIL=a@example.com USERNAME=boss
	@scripts/stack.sh create-admin "$(EMAIL)" "$(USERNAME)"

status: ## Show what is running, and how often Marquee's processes were restarted
	@scripts/infra.sh status
	@scripts/stack.sh status
	@scripts/monitor.sh status

test: ## Run every test: format, lints, unit, integration and browser tests
	@scripts/test.sh

build: ## Build the web app and the services
	@scripts/stack.sh build

monitor: ## Start Prometheus (scrapes and alerts) beside `make up`, print its URLs
	@scripts/monitor.sh

bench: ## Run the (slow) benchmarks; not part of `make test`
	@scripts/bench.sh

fmt: ## Format the code
	cargo fmt --all

lint: ## Lint the code as CI does
	cargo clippy --all-targets -- -D warnings
	cargo clippy -p marquee-frontend --target wasm32-unknown-unknown -- -D warnings

# Every stack (a `make test` one may be left over), then the servers; infra.sh also deletes
# PostgreSQL's directory when, as root, it lives outside .data (see scripts/infra.sh).
clean: ## Stop everything and delete local data (databases included)
	@scripts/monitor.sh stop
	@scripts/stack.sh stop-all
	@scripts/infra.sh clean
