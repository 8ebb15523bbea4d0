# Shared by the benchmark scripts (sourced, not run): finds the JDK, builds the Java harness and
# writes the JVM argument file the harness runs with.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
#   harness_build run-x.sh          # sets $java, builds benchmarks/target (not with
#                                   # SHEAF_BENCH_NO_BUILD=1)
#   harness_jvm_args FILE           # writes the @argfile: Sheaf's JVM flags and the classpath

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"

harness_build() {
  if [[ -z "${JAVA_HOME:-}" ]]; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25*; do
      if [[ -x "$candidate/bin/java" ]]; then export JAVA_HOME="$candidate"; break; fi
    done
  fi
  java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  if [[ -n "${SHEAF_BENCH_NO_BUILD:-}" ]]; then
    return 0 # built already (SHEAF_BENCH_NO_BUILD=1)
  fi
  echo "$1: building the harness..." >&2
  (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true) >&2
}

harness_jvm_args() {
  cat > "$1" <<ARGS
--add-opens=java.base/java.nio=ALL-UNNAMED
--sun-misc-unsafe-memory-access=allow
--enable-native-access=ALL-UNNAMED
--add-modules=jdk.incubator.vector
-Dorg.slf4j.simpleLogger.defaultLogLevel=warn
-cp
$bench/target/sheaf-benchmarks-0.1.0-SNAPSHOT.jar:$bench/target/lib/*
ARGS
}
