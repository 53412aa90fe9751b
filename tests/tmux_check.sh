#!/usr/bin/env bash
# Drives the real app in tmux at 100x32, as a new user would: first-run screen, add a person,
# a whole check-in, then find it in History. Exits non-zero (and shows the screen) on failure.
#
#   bash tests/tmux_check.sh            # uses `redflags` from PATH, or set REDFLAGS=/path/to/redflags
set -euo pipefail

REDFLAGS=${REDFLAGS:-$(command -v redflags || true)}
if [[ -z "$REDFLAGS" ]]; then
    echo "tmux_check: no redflags command found (set REDFLAGS=...)" >&2
    exit 2
fi
command -v tmux >/dev/null || { echo "tmux_check: tmux is not installed" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/redflags-tmux.XXXXXX")
SESSION="redflags-check-$$"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$WORK"' EXIT

screen() { tmux capture-pane -p -t "$SESSION" 2>/dev/null || true; }

fail() {
    echo "tmux_check: FAILED: $1" >&2
    echo "----- screen -----" >&2
    screen >&2
    exit 1
}

# Wait until the screen shows the text (a fixed string), for up to $2 seconds (default 10).
wait_for() {
    local text=$1 limit=${2:-10} waited=0
    until screen | grep -qF -- "$text"; do
        sleep 0.2
        waited=$((waited + 1))
        ((waited < limit * 5)) || fail "did not see \"$text\""
    done
}

keys() { tmux send-keys -t "$SESSION" "$@"; sleep 0.3; }

tmux new-session -d -s "$SESSION" -x 100 -y 32 \
    "env REDFLAGS_DB='$WORK/data/redflags.db' REDFLAGS_CONFIG='$WORK/config.toml' TERM=xterm-256color '$REDFLAGS'"

# First run: what the app is and is not, where the data is, the urgent-help key.
wait_for "It cannot diagnose anything" 20
wait_for "$WORK/data/redflags.db"
wait_for "Press Ctrl+G (hold Ctrl, press G) at any time"
keys Enter
wait_for "No one here yet. Press a to add the first person"

# Add a person.
keys a
wait_for "Add a person"
keys -l "Sam"
keys Enter
wait_for "none yet"

# A check-in: the cough looked for and not seen, a stuffy nose noted, then on to the review.
keys c
wait_for "New check-in for Sam"
keys PageDown
wait_for "When and where"
keys PageDown
wait_for "If it is smoked"
keys n
keys PageDown
wait_for "If it is snorted"
keys y
for _ in 1 2 3 4; do keys PageDown; done  # injected, any route, other sources, review
wait_for "Check before saving"
keys C-s
wait_for "today"

# It is in History, and urgent help is one key away there.
keys h
wait_for "History of Sam"
wait_for "1–1 of 1, page 1 of 1"
wait_for "1: Stuffy or blocked nose"
keys "!"
wait_for "call emergency services now"
keys Escape
wait_for "History of Sam"
keys C-g  # the urgent-help key that never types
wait_for "call emergency services now"
keys Escape
wait_for "History of Sam"
keys Escape
wait_for "Days: since the last check-in"

# Quit; the session ends with the app.
keys q
for _ in $(seq 50); do
    tmux has-session -t "$SESSION" 2>/dev/null || break
    sleep 0.2
done
tmux has-session -t "$SESSION" 2>/dev/null && fail "the app did not quit on q"

mode=$(stat -c %a "$WORK/data/redflags.db")
[[ "$mode" == 600 ]] || fail "the database file is readable by others (mode $mode)"
echo "tmux_check: ok (first run, add person, check-in, history, urgent help, quit)"
