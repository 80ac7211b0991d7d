#!/usr/bin/env bash
# Installed-system test of the Debian packages (docs/packaging.md, "Installed-system test"):
# builds the .debs from a configured build directory, runs lintian (fails on errors), installs
# them with apt, starts cutoverd under its unit when systemd is PID 1 and otherwise directly as
# the packaged user with the unit's own command line, checks that `cutoverctl status` answers,
# then removes and purges the packages and checks that nothing is left behind.
#
#   packaging/test-install.sh [BUILD_DIR]        as root on Debian 12; default: $CUTOVER_BUILD_DIR
#                                                or build/. CI runs it from packaging/dev.sh test.
#
# It refuses to touch a machine where the packages are installed by someone else (their data
# in /var/lib/cutover would be purged). After an interrupted run it cleans up its own leftovers
# first, so running it again is always safe.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(realpath "${1:-${CUTOVER_BUILD_DIR:-$here/build}}")
marker=/var/tmp/cutover-test-install.state
data=/var/lib/cutover
all_packages=(cutover cutoverctl cutoverd) # removal order: the console first
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=600 -y -q)

started=$SECONDS
step() { printf '\n== %s  [%ss]\n' "$*" "$((SECONDS - started))"; }
ok() { printf '   ok: %s\n' "$*"; }
die() {
    printf 'test-install: FAIL: %s\n' "$*" >&2
    exit 1
}
installed() { dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed; }
known() { dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qvx not-installed; }

[[ $(id -u) -eq 0 ]] || die "run as root: it installs and purges packages"
[[ -f $build/CPackConfig.cmake ]] || die "$build is not a configured build directory"
for tool in dpkg apt-get cpack runuser setpriv; do
    command -v "$tool" >/dev/null || die "$tool is missing"
done

daemon_pid=
user_existed=
svc_user_existed=
kv_dir=
cleanup() {
    # shellcheck disable=SC2320 # the status the script exits with (a trap on EXIT)
    local rc=$?
    [[ -z $kv_dir ]] || rm -rf "$kv_dir"
    if [[ -n $daemon_pid ]] && kill -0 "$daemon_pid" 2>/dev/null; then
        kill -TERM "$daemon_pid" 2>/dev/null || true
        wait "$daemon_pid" 2>/dev/null || true
    fi
    if [[ -f $marker ]]; then
        # Only reached when a step failed: put the machine back as it was.
        local leftover=()
        for p in "${all_packages[@]}"; do known "$p" && leftover+=("$p"); done
        if ((${#leftover[@]})); then
            echo "test-install: cleaning up: purging ${leftover[*]}" >&2
            dpkg --purge "${leftover[@]}" >/dev/null 2>&1 || true
        fi
        # shellcheck disable=SC1090
        source "$marker"
        if [[ $user_existed == no ]] && getent passwd cutover >/dev/null; then
            userdel cutover 2>/dev/null || true
            if getent group cutover >/dev/null; then groupdel cutover 2>/dev/null || true; fi
        fi
        if [[ $svc_user_existed == no ]] && getent passwd cutover-svc >/dev/null; then
            pkill -KILL -u cutover-svc 2>/dev/null || true
            userdel cutover-svc 2>/dev/null || true
            if getent group cutover-svc >/dev/null; then groupdel cutover-svc 2>/dev/null || true; fi
        fi
        rm -f "$marker"
    fi
    exit "$rc"
}
trap cleanup EXIT

step "preconditions"
if [[ -f $marker ]]; then
    echo "   a previous run was interrupted: cleaning up after it"
    (cleanup) || true
fi
for p in "${all_packages[@]}"; do
    if known "$p"; then
        die "$p is already installed; this test purges it together with $data." \
            "Purge it first (apt-get purge ${all_packages[*]})"
    fi
done
[[ ! -e $data ]] || die "$data exists without the packages (someone's data?); move it away first"
if getent passwd cutover >/dev/null; then user_existed=yes; else user_existed=no; fi
if getent passwd cutover-svc >/dev/null; then svc_user_existed=yes; else svc_user_existed=no; fi
pid1=$(ps -p 1 -o comm= | tr -d ' ')
if [[ $pid1 == systemd && -d /run/systemd/system ]]; then
    mode=systemd
else
    mode=direct
fi
echo "   PID 1: $pid1 -> cutoverd runs $([[ $mode == systemd ]] && echo "under its unit" ||
    echo "directly as the packaged user (no systemd)")"
echo "   user cutover existed before: $user_existed, user cutover-svc: $svc_user_existed"
dpkg-query -W -f='${Package}\n' | sort >"$build/packages-before.txt"

step "bring $build up to date"
cmake --build "$build" -j "$(nproc)" >"$build/build.log" 2>&1 ||
    {
        tail -n 30 "$build/build.log"
        die "the build failed ($build/build.log)"
    }
tail -n 1 "$build/build.log" | sed 's/^/   /'

step "build the .debs (cpack in $build)"
rm -rf "$build/packages"
(cd "$build" && cpack -G DEB --config CPackConfig.cmake) >"$build/cpack.log" 2>&1 ||
    {
        cat "$build/cpack.log"
        die "cpack failed"
    }
mapfile -t debs < <(find "$build/packages" -maxdepth 1 -name '*.deb' | sort)
((${#debs[@]} >= 2)) || die "cpack made ${#debs[@]} packages, expected cutoverd and cutoverctl at least"
packages=()
for deb in "${debs[@]}"; do
    name=$(dpkg-deb -f "$deb" Package)
    packages+=("$name")
    printf '   %-40s %6s KiB  Depends: %s\n' "$(basename "$deb")" "$(($(stat -c %s "$deb") / 1024))" \
        "$(dpkg-deb -f "$deb" Depends)"
    for field in Recommends Suggests; do
        value=$(dpkg-deb -f "$deb" "$field")
        [[ -z $value ]] || printf '   %-40s %s: %s\n' "" "$field" "$value"
    done
done

step "lintian"
if command -v lintian >/dev/null; then
    # Errors fail the test; warnings are shown for the report (all of them: limit 0).
    if lintian --fail-on error --tag-display-limit 0 "${debs[@]}" >"$build/lintian.log" 2>&1; then
        lint_rc=0
    else
        lint_rc=$?
    fi
    sed -i '/running with root privileges/d' "$build/lintian.log"
    if [[ -s $build/lintian.log ]]; then sed 's/^/   /' "$build/lintian.log"; else ok "no tags"; fi
    printf '   errors: %s, warnings: %s\n' "$(grep -c '^E: ' "$build/lintian.log" || true)" \
        "$(grep -c '^W: ' "$build/lintian.log" || true)"
    ((lint_rc == 0)) || die "lintian reports errors"
else
    echo "   lintian is not installed (apt-get install lintian): skipped"
fi

step "install with apt"
printf 'user_existed=%s\nsvc_user_existed=%s\n' "$user_existed" "$svc_user_existed" >"$marker"
apt-get "${apt_opts[@]}" install --no-install-recommends "${debs[@]}" >"$build/apt-install.log" 2>&1 ||
    {
        cat "$build/apt-install.log"
        die "apt-get install failed"
    }
for p in "${packages[@]}"; do
    installed "$p" || die "$p is not installed after apt-get install"
    ok "$p $(dpkg-query -W -f='${Version}' "$p")"
done

step "what the packages installed"
IFS=: read -r _ _ uid _ _ home shell < <(getent passwd cutover) || die "no user cutover"
[[ $home == "$data" && $shell == /usr/sbin/nologin ]] ||
    die "user cutover: home $home, shell $shell; expected $data and /usr/sbin/nologin"
((uid < 1000)) || die "user cutover has uid $uid: not a system user"
ok "system user cutover (uid $uid, home $home, shell $shell)"
IFS=: read -r _ _ svc_uid _ _ svc_home svc_shell < <(getent passwd cutover-svc) ||
    die "no user cutover-svc (the hosted services' default user)"
[[ $svc_home == /nonexistent && $svc_shell == /usr/sbin/nologin ]] ||
    die "user cutover-svc: home $svc_home, shell $svc_shell; expected /nonexistent and /usr/sbin/nologin"
((svc_uid < 1000 && svc_uid != uid)) || die "user cutover-svc has uid $svc_uid"
ok "system user cutover-svc for hosted services (uid $svc_uid)"
[[ $(stat -c '%U %a' "$data") == "cutover 700" ]] || die "$data: $(stat -c '%U %a' "$data")"
ok "$data owned by cutover, mode 0700"
unit=/usr/lib/systemd/system/cutoverd.service
user_unit=/usr/lib/systemd/user/cutoverd.service
for f in /usr/bin/cutoverd /usr/bin/cutoverctl "$unit" "$user_unit" /usr/lib/sysusers.d/cutoverd.conf \
    /usr/share/man/man8/cutoverd.8.gz /usr/share/man/man1/cutoverctl.1.gz; do
    [[ -f $f ]] || die "$f is missing"
done
ok "programs, units, sysusers.d file and man pages in place"
[[ -L /etc/systemd/system/multi-user.target.wants/cutoverd.service ]] ||
    die "cutoverd.service is not enabled"
ok "cutoverd.service enabled (multi-user.target.wants)"
if command -v systemd-analyze >/dev/null; then
    # Now with the man pages that Documentation= names installed, so --man is checked too.
    out=$(systemd-analyze verify "$unit" 2>&1) || die "systemd-analyze verify $unit: $out"
    [[ -z $out ]] || die "systemd-analyze verify $unit: $out"
    runtime=$(mktemp -d)
    out=$(XDG_RUNTIME_DIR=$runtime systemd-analyze --user verify "$user_unit" 2>&1) ||
        die "systemd-analyze --user verify $user_unit: $out"
    rm -rf "$runtime"
    [[ -z $out ]] || die "systemd-analyze --user verify $user_unit: $out"
    ok "systemd-analyze verify: system and user unit"
fi
if [[ " ${packages[*]} " == *" cutover "* ]]; then
    desktop=/usr/share/applications/io.github.cutover.Console.desktop
    metainfo=/usr/share/metainfo/io.github.cutover.Console.metainfo.xml
    [[ -f /usr/share/icons/hicolor/scalable/apps/cutover.svg ]] || die "the icon is missing"
    [[ -f /usr/share/man/man1/cutover.1.gz ]] || die "cutover(1) is missing"
    if command -v desktop-file-validate >/dev/null; then
        desktop-file-validate "$desktop" || die "desktop-file-validate $desktop"
    fi
    if command -v appstreamcli >/dev/null; then
        appstreamcli validate --no-net "$metainfo" | sed '/^$/d; s/^/   /' ||
            die "appstreamcli validate $metainfo"
    fi
    ok "console: desktop entry, metainfo and icon ($(QT_QPA_PLATFORM=offscreen cutover --version 2>/dev/null))"
fi
ok "$(cutoverd --version), $(cutoverctl --version)"

ctl=(cutoverctl --data-dir "$data")
json() { # PYTHON-EXPRESSION over `d`, the JSON document on stdin
    /usr/bin/python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}
wait_for_api() {
    for _ in $(seq 300); do
        "${ctl[@]}" status >/dev/null 2>&1 && return 0
        if [[ $mode == direct ]] && ! kill -0 "$daemon_pid" 2>/dev/null; then
            cat "$build/cutoverd-installed.log"
            die "cutoverd exited"
        fi
        sleep 0.1
    done
    die "cutoverctl status did not answer within 30 s"
}
if [[ $mode == direct ]]; then
    # The unit's own command line and user, so that this tests what systemd would run.
    read -r -a exec_start < <(sed -n 's/^ExecStart=//p' "$unit")
    run_user=$(sed -n 's/^User=//p' "$unit")
    [[ ${exec_start[0]} == /usr/bin/cutoverd && $run_user == cutover ]] ||
        die "unexpected unit: ExecStart=${exec_start[*]} User=$run_user"
    # And its capabilities, as systemd grants them: the ambient set (inheritable too, so that
    # setpriv can raise it) within the bounding set, and no new privileges.
    caps() { # UNIT-KEY -> "+setuid,+setgid,..."
        sed -n "s/^$1=//p" "$unit" | tr ' ' '\n' | sed -n 's/^CAP_//p' | tr '[:upper:]' '[:lower:]' |
            sed 's/^/+/' | paste -sd,
    }
    ambient=$(caps AmbientCapabilities)
    bounding=$(caps CapabilityBoundingSet)
    [[ -n $ambient && -n $bounding ]] || die "the unit grants no capabilities: $ambient / $bounding"
    # The unit's port 7480 may be taken on a developer's machine (the demo uses it); clients
    # read the port from cutoverd.json, so any port proves the same.
    if (exec 3<>/dev/tcp/127.0.0.1/7480) 2>/dev/null; then
        echo "   port 7480 is in use here: adding --api-port 0"
        exec_start+=(--api-port 0)
    fi
fi
start_daemon() {
    if [[ $mode == systemd ]]; then
        # Type=notify: `systemctl start` returns once cutoverd has sent READY=1.
        systemctl start cutoverd
        systemctl is-active --quiet cutoverd || die "cutoverd.service: $(systemctl status cutoverd)"
        systemctl show -p ActiveState -p SubState -p MainPID -p StatusText -p User cutoverd |
            sed 's/^/   /'
    else
        echo "   setpriv --reuid=$run_user --regid=$run_user --init-groups --ambient-caps=$ambient" \
            "--bounding-set=-all,$bounding --no-new-privs ${exec_start[*]}"
        setpriv --reuid="$run_user" --regid="$run_user" --init-groups --reset-env \
            --inh-caps="-all,$ambient" --ambient-caps="$ambient" --bounding-set="-all,$bounding" \
            --no-new-privs "${exec_start[@]}" >>"$build/cutoverd-installed.log" 2>&1 &
        daemon_pid=$!
    fi
    wait_for_api
}
stop_daemon() {
    if [[ $mode == systemd ]]; then
        systemctl stop cutoverd
        ok "systemctl stop cutoverd"
    else
        kill -TERM "$daemon_pid"
        wait "$daemon_pid" || die "cutoverd exited with $? on SIGTERM"
        daemon_pid=
        ok "cutoverd stopped on SIGTERM"
    fi
}
kvdemo() { # -> "state pid adopted" of kvdemo's active instance
    "${ctl[@]}" --json status kvdemo |
        json '" ".join(str(x) for x in [d["state"]] + [[i["pid"], i["adopted"]] for i in d["instances"] if i["active"]][0])'
}

step "start cutoverd ($mode)"
: >"$build/cutoverd-installed.log"
start_daemon

step "cutoverctl status"
echo "   # as root: cutoverctl --data-dir $data status"
"${ctl[@]}" status | sed 's/^/   /' || die "cutoverctl status did not answer (as root)"
echo "   # as cutover: runuser -u cutover -- cutoverctl --data-dir $data --json status"
runuser -u cutover -- "${ctl[@]}" --json status | sed 's/^/   /' ||
    die "cutoverctl status did not answer (as cutover)"
daemon_user=$(ps -o user= -p "$(json 'd["pid"]' <"$data/cutoverd.json")")
[[ $daemon_user == cutover ]] || die "cutoverd runs as $daemon_user, not cutover"
ok "cutoverd runs as user cutover"
[[ $(stat -c '%U %a' "$data/api-token") == "cutover 600" ]] ||
    die "$data/api-token: $(stat -c '%U %a' "$data/api-token")"
ok "api-token owned by cutover, mode 0600"
# Anyone else is kept out by the data directory's and the token's modes.
if out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "${ctl[@]}" status 2>&1); then
    die "user nobody could use the API: $out"
fi
# The refusal must say why (the data directory is the service user's), not "never ran".
[[ $out == *"permission denied on the data directory"* ]] ||
    die "user nobody was refused without naming the permission problem: $out"
ok "user nobody is refused: $out"

step "host kvdemo, restart cutoverd, find it re-adopted"
kv_archive=$build/examples/kvdemo/kvdemo-1.0.0.tar.gz
[[ -f $kv_archive ]] || die "$kv_archive is not built"
# cutoverd reads the archive as user cutover: give it a copy it may read.
kv_dir=$(mktemp -d /var/tmp/cutover-test-install.XXXXXX)
chmod 755 "$kv_dir"
install -m 0644 "$kv_archive" "$kv_dir/"
kv_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${ctl[@]}" register kvdemo --address "127.0.0.1:$kv_port" >/dev/null
"${ctl[@]}" install kvdemo 1.0.0 "$kv_dir/$(basename "$kv_archive")" >/dev/null
rm -rf "$kv_dir"
"${ctl[@]}" start kvdemo >/dev/null
read -r state kv_pid adopted < <(kvdemo)
[[ $state == running ]] || die "kvdemo is $state: $("${ctl[@]}" status kvdemo 2>&1)"
[[ $(ps -o user= -p "$kv_pid") == cutover-svc ]] || die "kvdemo runs as $(ps -o user= -p "$kv_pid")"
capeff() { sed -n 's/^CapEff:[[:space:]]*//p' "/proc/$1/status"; }
[[ $(capeff "$kv_pid") == 0000000000000000 ]] || die "kvdemo has capabilities $(capeff "$kv_pid")"
daemon_caps=$(capeff "$(json 'd["pid"]' <"$data/cutoverd.json")")
version=$(curl -fsS "http://127.0.0.1:$kv_port/version" | json 'd["version"]')
[[ $version == 1.0.0 ]] || die "kvdemo answers version $version through the bridge"
ok "kvdemo 1.0.0 runs as cutover-svc without capabilities (pid $kv_pid; cutoverd's: $daemon_caps)" \
    "and answers through the bridge on port $kv_port"
# What the hosted service's user must not read, and may.
for secret in api-token cutover.db cutoverd.json; do
    if setpriv --reuid=cutover-svc --regid=cutover-svc --init-groups cat "$data/$secret" >/dev/null 2>&1; then
        die "user cutover-svc can read $data/$secret"
    fi
done
ok "user cutover-svc cannot read api-token, cutover.db or cutoverd.json"

step "upgrade kvdemo to 1.1.0 (hot, state handed over)"
kv_dir=$(mktemp -d /var/tmp/cutover-test-install.XXXXXX)
chmod 755 "$kv_dir"
install -m 0644 "$build/examples/kvdemo/kvdemo-1.1.0.tar.gz" "$kv_dir/"
"${ctl[@]}" install kvdemo 1.1.0 "$kv_dir/kvdemo-1.1.0.tar.gz" >/dev/null
rm -rf "$kv_dir"
curl -fsS -X PUT --data-binary kept "http://127.0.0.1:$kv_port/kv/handoff" >/dev/null ||
    die "kvdemo refused a write"
"${ctl[@]}" upgrade kvdemo 1.1.0 --strategy hot >"$build/upgrade.log" 2>&1 ||
    {
        cat "$build/upgrade.log"
        die "the upgrade to 1.1.0 failed"
    }
read -r state kv_pid adopted < <(kvdemo)
[[ $state == running && $(ps -o user= -p "$kv_pid") == cutover-svc ]] ||
    die "after the upgrade kvdemo is $state as $(ps -o user= -p "$kv_pid")"
version=$(curl -fsS "http://127.0.0.1:$kv_port/version" | json 'd["version"]')
[[ $version == 1.1.0 ]] || die "kvdemo answers version $version after the upgrade"
value=$(curl -fsS "http://127.0.0.1:$kv_port/kv/handoff")
[[ $value == kept ]] || die "the write before the upgrade reads back as '$value'"
ok "kvdemo 1.1.0 runs as cutover-svc (pid $kv_pid) with the state of 1.0.0"
stop_daemon
kill -0 "$kv_pid" 2>/dev/null || die "kvdemo died with cutoverd: instances must outlive it"
ok "kvdemo (pid $kv_pid) outlives cutoverd"
start_daemon
# Re-adoption happens within a second or so of the start.
for _ in $(seq 100); do
    read -r state pid adopted < <(kvdemo)
    [[ $state == running ]] && break
    sleep 0.1
done
[[ $state == running && $pid == "$kv_pid" && $adopted == True ]] ||
    die "after the restart kvdemo is $state, pid $pid, adopted $adopted"
version=$(curl -fsS "http://127.0.0.1:$kv_port/version" | json 'd["version"]')
[[ $version == 1.1.0 ]] || die "kvdemo answers version $version after the restart"
ok "the restarted cutoverd re-adopted kvdemo (pid $kv_pid) and bridges to it again"

step "stop cutoverd"
stop_daemon
kill -0 "$kv_pid" 2>/dev/null || die "kvdemo died with cutoverd"
ok "kvdemo still running: removing the package must stop it"

step "remove (apt-get remove)"
apt-get "${apt_opts[@]}" remove "${packages[@]}" >"$build/apt-remove.log" 2>&1 ||
    {
        cat "$build/apt-remove.log"
        die "apt-get remove failed"
    }
for f in /usr/bin/cutoverd /usr/bin/cutoverctl /usr/bin/cutover "$unit"; do
    [[ ! -e $f ]] || die "$f is still there after remove"
done
[[ -d $data ]] || die "remove deleted $data (only purge may)"
! pgrep -u cutover >/dev/null || die "processes of user cutover survive the removal: $(pgrep -a -u cutover)"
! pgrep -u cutover-svc >/dev/null ||
    die "processes of user cutover-svc survive the removal: $(pgrep -a -u cutover-svc)"
ok "programs and units gone; $data kept until purge; kvdemo and every other process of users cutover and cutover-svc stopped"

step "purge (apt-get purge)"
# Removal already took the packages without maintainer scripts or conffiles off dpkg's list.
remaining=()
for p in "${packages[@]}"; do known "$p" && remaining+=("$p"); done
echo "   still in state config-files: ${remaining[*]:-none}"
((${#remaining[@]} == 0)) ||
    apt-get "${apt_opts[@]}" purge "${remaining[@]}" >"$build/apt-purge.log" 2>&1 ||
    {
        cat "$build/apt-purge.log"
        die "apt-get purge failed"
    }
for p in "${packages[@]}"; do
    ! known "$p" || die "$p is still known to dpkg after purge"
done
[[ ! -e $data ]] || die "$data is still there after purge"
leftovers=$(find /etc/systemd /var/lib/systemd/deb-systemd-helper-enabled \
    /var/lib/systemd/deb-systemd-helper-masked -name '*cutoverd*' 2>/dev/null || true)
[[ -z $leftovers ]] || die "left behind: $leftovers"
ok "packages purged; no $data, no unit links or deb-systemd-helper state left"
! getent passwd cutover-svc >/dev/null || die "user cutover-svc is still there after purge"
! getent group cutover-svc >/dev/null || die "group cutover-svc is still there after purge"
ok "user and group cutover-svc removed by the purge"
# Dependencies apt pulled in for the packages go too.
dpkg-query -W -f='${Package}\n' | sort >"$build/packages-after.txt"
mapfile -t added < <(comm -13 "$build/packages-before.txt" "$build/packages-after.txt")
if ((${#added[@]})); then
    apt-get "${apt_opts[@]}" purge "${added[@]}" >/dev/null 2>&1 || die "cannot purge ${added[*]}"
    ok "purged the dependencies the install added: ${added[*]}"
fi
# The package leaves the system user (Debian practice: its uid may still own files). This
# test leaves the machine as it found it.
if getent passwd cutover >/dev/null; then
    ok "user cutover stays after purge, as the package intends"
    if [[ $user_existed == no ]]; then
        userdel cutover
        ! getent group cutover >/dev/null || groupdel cutover
        ok "user cutover deleted (this test created it)"
    fi
fi
rm -f "$marker"

step "done: the packages built, installed, ran, and were removed cleanly"
