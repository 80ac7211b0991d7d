# Sourced by the switchover benchmarks: builds (unless SKIP_BUILD=1) cutoverd, cutoverctl, the
# kvdemo releases and kvdemo-load as Release in BUILD_DIR, and sets CUTOVERD, CUTOVERCTL and
# RELEASES. Needs ROOT, BUILD_DIR and SKIP_BUILD.
if [[ $SKIP_BUILD != 1 ]]; then
    echo "building cutoverd, cutoverctl and the kvdemo releases (Release) in $BUILD_DIR"
    if [[ ! -f $BUILD_DIR/build.ninja ]]; then
        cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
            -DCUTOVER_BUILD_TESTS=OFF -DCUTOVER_BUILD_GUI=OFF >/dev/null
    fi
    ninja -C "$BUILD_DIR" -j2 cutoverd cutoverctl kvdemo-releases kvdemo-load >/dev/null
fi
CUTOVERD="$BUILD_DIR/app/daemon/cutoverd"
CUTOVERCTL="$BUILD_DIR/app/ctl/cutoverctl"
RELEASES="$BUILD_DIR/examples/kvdemo"
