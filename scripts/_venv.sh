# Shared by scripts/run and scripts/test (developers' tools; a buyer installs with pip or pipx and needs no bash):
# make .venv and install the project into it.
# Re-installs only when pyproject.toml changed since the last install.
set -euo pipefail
ensure_venv() {
  local extras="$1"
  local py="${PYTHON:-python3}"
  if ! command -v "$py" >/dev/null 2>&1; then
    echo "Order Guard needs Python 3.11 or newer ($py not found)." >&2; exit 1
  fi
  if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Order Guard needs Python 3.11 or newer; $("$py" --version) found." >&2; exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv ..."
    "$py" -m venv .venv
  fi
  local stamp=".venv/.order-guard-installed-$extras"
  local want  # python, not sha256sum: macOS has none
  want="$(.venv/bin/python -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest()[:16])')"
  # the test install holds everything the plain one does
  if [ "$extras" = base ] && [ -f .venv/.order-guard-installed-test ] && [ "$(cat .venv/.order-guard-installed-test)" = "$want" ]; then
    return 0
  fi
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "Installing Order Guard into .venv (log: .venv/install.log) ..."
    local spec="."
    [ "$extras" = "base" ] || spec=".[$extras]"
    if ! { .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip &&
           .venv/bin/python -m pip install --disable-pip-version-check -e "$spec"; } >.venv/install.log 2>&1; then
      tail -n 30 .venv/install.log >&2
      echo "Installing Order Guard failed; the whole log is in .venv/install.log" >&2
      exit 1
    fi
    echo "$want" > "$stamp"
  fi
}
