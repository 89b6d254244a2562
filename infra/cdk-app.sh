#!/bin/sh
# The app command of cdk.json. It starts the built CDK app on the classpath Maven wrote at build
# time (infra/target/cdk-app.classpath), one JVM and no Maven run per synth: `mvn package` builds
# it once, together with the activities' Lambda jar the stack deploys.
set -eu
cd "$(dirname "$0")/.."
classpath_file=infra/target/cdk-app.classpath
if [ ! -f "$classpath_file" ] || [ ! -d infra/target/classes ]; then
  echo "mirrorflow: the CDK app is not built: run mvn package first (mvn -B -q package -DskipTests from the repository root)" >&2
  exit 1
fi
exec java -cp "infra/target/classes:$(cat "$classpath_file")" dev.mirrorflow.infra.MirrorflowApp
