#!/bin/sh
# npm-exec SCRIPT [ARGS...]: runs a package.json script as `npm run SCRIPT -- ARGS` would
# (node_modules/.bin first on PATH), but in place of this shell, so the container's stop
# signal reaches Node.
#
# Why not plain `npm run`: it keeps npm and `sh -c` between the container's init and Node. On
# `docker stop` npm passes SIGTERM to that shell, dash exits without passing it on, npm exits,
# and the container is torn down while Node is still running: a Temporal worker never drains
# its in-flight tasks. Exec'd here, SIGTERM reaches tsx/node and its shutdown handler.
#
# A script that chains commands (&&, ||, ;, |, &) is not one process; those go through npm.
set -eu

script="${1:?usage: npm-exec <package.json script> [args...]}"
shift

cmd=$(node -p 'require(process.cwd() + "/package.json").scripts?.[process.argv[1]] ?? ""' "$script")
if [ -z "$cmd" ]; then
  echo "npm-exec: package.json has no script \"$script\"" >&2
  exit 1
fi

case "$cmd" in
  *'&'* | *'|'* | *';'*) exec npm run --silent "$script" -- "$@" ;;
esac

PATH="$PWD/node_modules/.bin:$PATH"
npm_lifecycle_event="$script"
export PATH npm_lifecycle_event
# `env` lets the script start with VAR=value assignments, as npm scripts may.
eval "exec env $cmd \"\$@\""
