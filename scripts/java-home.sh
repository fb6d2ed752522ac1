# Sourced by .ci/run, ./imageindex and ./mvnw: makes JAVA_HOME point at a JDK 21 or newer.
# The machine's default java may be older (Lucene 10 needs 21); then the newest installed JDK
# that is 21+ is picked. Prints which one when it had to choose.

java_major() { # prints the major version of the java binary given, or 0
  # The JDK's release file answers without starting a JVM (about 0.13 s saved per command).
  local release
  release="$(dirname "$1")/../release"
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -n 1
    return 0
  fi
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1 || echo 0
}

imageindex_java_home() {
  local current=0 best="" best_major=0 home major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    current=$(java_major "$JAVA_HOME/bin/java")
  elif command -v java >/dev/null 2>&1; then
    current=$(java_major "$(command -v java)")
  fi
  [ "${current:-0}" -ge 21 ] && return 0
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$home/bin/javac" ] || continue
    major=$(java_major "$home/bin/java")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$home; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "No JDK 21 or newer found (default java is ${current:-none}). Install one and set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  echo "Using JDK $best_major at $JAVA_HOME (default java is ${current:-none})" >&2
}
