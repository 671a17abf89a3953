#!/usr/bin/env bash
# The packed tarball, as a user gets it: installed into fresh consumer projects outside the repository,
# each of which typechecks against the shipped .d.ts files and calls a local HTTP server.
#
#   cjs-node10   TypeScript, CommonJS, moduleResolution node10, strict, no skipLibCheck, no ioredis
#                (imports restfit/redis too: its types must not need ioredis)
#   esm-nodenext TypeScript, ES modules, module/moduleResolution NodeNext, top-level await
#   bundler      TypeScript, moduleResolution bundler, bundled with esbuild
#   browser      TypeScript for a web page: lib DOM and no Node types (the published declarations need
#                no @types/node), bundled by esbuild for the browser
#   js-require   plain JavaScript, require()
#   js-import    plain JavaScript, import
#
# Offline by design: the tarball is unpacked into each consumer's node_modules, and every dependency
# and required peer dependency it declares is linked from this repository's node_modules — so a module
# the package uses without declaring it is not found, as with a strict package manager.
# Run after `npm run build`: bash scripts/check-package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
[ -f dist/cjs/index.js ] || { echo "check-package: dist/ is missing; run npm run build first" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/restfit-package.XXXXXX")"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "check-package: $tarball, $(wc -c <"$work/$tarball") bytes, $(tar -tzf "$work/$tarball" | wc -l) files"
listing="$(tar -tzf "$work/$tarball")"
if grep -E '\.map$|\.tsbuildinfo$|^package/(lib|spec|samples|bench|scripts)/' <<<"$listing"; then
  echo "check-package: the tarball holds files a user does not need (above)" >&2
  exit 1
fi
for required in package/LICENSE package/README.md; do
  grep -qx "$required" <<<"$listing" || { echo "check-package: $required missing" >&2; exit 1; }
done

# Dependencies and required (non-optional) peers the package declares, linked from the repository.
linked_modules="$(node -e '
  const pkg = require(process.argv[1]);
  const optional = pkg.peerDependenciesMeta ?? {};
  const peers = Object.keys(pkg.peerDependencies ?? {}).filter((name) => !optional[name]?.optional);
  console.log([...Object.keys(pkg.dependencies ?? {}), ...peers].join("\n"));
' "$repo/package.json")"

# A server on 127.0.0.1 with an ephemeral port: GET /v1/users/1 answers {"id":1,"name":"Ada Lovelace"}.
node -e '
  const server = require("node:http").createServer((req, res) => {
    const ok = req.method === "GET" && req.url === "/v1/users/1";
    res.writeHead(ok ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(ok ? { id: 1, name: "Ada Lovelace" } : { message: `no route ${req.url}` }));
  });
  server.listen(0, "127.0.0.1", () => require("node:fs").writeFileSync(process.argv[1], String(server.address().port)));
' "$work/port" &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "check-package: the local server did not start" >&2; exit 1; }
export API_URL="http://127.0.0.1:$(cat "$work/port")"

new_consumer() { # name, package.json type
  local dir="$work/$1"
  mkdir -p "$dir/node_modules/restfit" "$dir/node_modules/@types"
  tar -xzf "$work/$tarball" -C "$dir/node_modules/restfit" --strip-components=1
  for name in $linked_modules; do
    mkdir -p "$(dirname "$dir/node_modules/$name")"
    ln -s "$repo/node_modules/$name" "$dir/node_modules/$name"
  done
  ln -s "$repo/node_modules/@types/node" "$dir/node_modules/@types/node"
  printf '{ "name": "consumer-%s", "private": true, "type": "%s" }\n' "$1" "$2" >"$dir/package.json"
  echo "$dir"
}

expect_output() { # consumer, command...
  local name="$1"
  shift
  local out
  out="$("$@")"
  if [ "$out" != "Ada Lovelace" ]; then
    echo "check-package: $name printed '$out', expected 'Ada Lovelace'" >&2
    exit 1
  fi
  echo "check-package: $name ok"
}

tsc="$repo/node_modules/.bin/tsc"
esbuild="$repo/node_modules/.bin/esbuild"

# A strict tsconfig.json without skipLibCheck: the shipped .d.ts files are checked too.
write_tsconfig() { # dir, module, moduleResolution, more compiler options (JSON members)
  cat >"$1/tsconfig.json" <<EOF
{
  "compilerOptions": {
    "target": "ES2022", "module": "$2", "moduleResolution": "$3", "strict": true, "skipLibCheck": false,
    "experimentalDecorators": true, "types": ["node"], $4
  },
  "files": ["index.ts"]
}
EOF
}

# The service every TypeScript consumer declares; the same calls in each module system.
ts_service='
@BasePath("/v1")
class UsersApi {
  @Get("/users/{id}")
  getUser(@Path("id") id: number): Promise<{ id: number; name: string }> {
    return declared();
  }
}
const users = createClient(UsersApi, { baseURL: process.env.API_URL, retry: false });
'
# Its calls (run at the top level or in an async function): a user found, then a 404 as NotFoundError.
ts_calls='
console.log((await users.getUser(1)).name);
await users.getUser(2).catch((error: unknown) => {
  if (!(error instanceof NotFoundError)) throw error;
});
'

# 1. TypeScript, CommonJS, node10 resolution, strict, no skipLibCheck, without ioredis installed.
dir="$(new_consumer cjs-node10 commonjs)"
write_tsconfig "$dir" commonjs node10 '"emitDecoratorMetadata": true, "outDir": "out"'
cat >"$dir/index.ts" <<EOF
import { BasePath, Get, NotFoundError, Path, createClient, declared, type RestClientOptions } from 'restfit';
import { StubTransport } from 'restfit/testing';
import { RedisTokenStore, type RedisLike } from 'restfit/redis';
$ts_service
const options: RestClientOptions = { timeout: 5_000 };
// restfit/redis's types name no ioredis type: any client of the RedisLike shape will do (here a Map).
const memory = new Map<string, string>();
const redis: RedisLike = {
  get: async (key: string) => memory.get(key) ?? null,
  set: async (key: string, value: string) => (memory.set(key, value), 'OK' as const),
  del: async (key: string) => Number(memory.delete(key)),
  eval: async () => 0,
};
async function main(): Promise<void> {
  if (typeof new StubTransport().axios.request !== 'function' || !options.timeout)
    throw new Error('restfit/testing did not load');
  const store = new RedisTokenStore(redis);
  await store.set('k', { accessToken: 'a' });
  if ((await store.get('k'))?.accessToken !== 'a') throw new Error('restfit/redis did not load');
$ts_calls
}
main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
EOF
(cd "$dir" && "$tsc" -p .)
expect_output cjs-node10 node "$dir/out/index.js"

# 2. TypeScript, ES modules, NodeNext.
dir="$(new_consumer esm-nodenext module)"
write_tsconfig "$dir" nodenext nodenext '"emitDecoratorMetadata": true, "outDir": "out"'
cat >"$dir/index.ts" <<EOF
import { BasePath, Get, NotFoundError, Path, createClient, declared } from 'restfit';
$ts_service
$ts_calls
EOF
(cd "$dir" && "$tsc" -p .)
expect_output esm-nodenext node "$dir/out/index.js"

# 3. TypeScript for a bundler: typechecked with moduleResolution bundler, bundled by esbuild.
dir="$(new_consumer bundler module)"
write_tsconfig "$dir" esnext bundler '"noEmit": true'
cat >"$dir/index.ts" <<EOF
import { BasePath, Get, Path, createClient, declared } from 'restfit';
$ts_service
users.getUser(1).then((user) => console.log(user.name));
EOF
(cd "$dir" && "$tsc" -p . && "$esbuild" index.ts --bundle --platform=node --format=esm --log-level=warning \
  --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" \
  --outfile=out/index.mjs)
expect_output bundler node "$dir/out/index.mjs"

# 4. TypeScript for a web page: no Node types at all, the browser condition, an esbuild browser bundle.
dir="$(new_consumer browser module)"
write_tsconfig "$dir" esnext bundler '"noEmit": true, "lib": ["ES2022", "DOM", "DOM.Iterable"], "customConditions": ["browser"]'
sed -i 's/"types": \["node"\]/"types": []/' "$dir/tsconfig.json"
cat >"$dir/index.ts" <<EOF
import { BasePath, Get, NotFoundError, Path, createClient, declared, type RestClientOptions } from 'restfit';
${ts_service//process.env.API_URL/location.origin}
const options: RestClientOptions = { timeout: 5_000 };
users.getUser(1).then(
  (user) => (document.body.textContent = user.name),
  (error: unknown) => console.log(error instanceof NotFoundError, options),
);
EOF
(cd "$dir" && "$tsc" -p . && "$esbuild" index.ts --bundle --platform=browser --log-level=warning --outfile=out/index.js)
if grep -q '"node:' "$dir/out/index.js"; then
  echo "check-package: the browser bundle imports a node: module" >&2
  exit 1
fi
echo "check-package: browser ok (typechecked without Node types, bundled for the browser)"

# 5 and 6. Plain JavaScript: decorators applied by hand (what TypeScript's output does).
js_service='
class UsersApi {
  getUser(id) {
    return declared();
  }
}
BasePath("/v1")(UsersApi);
Path("id")(UsersApi.prototype, "getUser", 0);
Get("/users/{id}")(UsersApi.prototype, "getUser", Object.getOwnPropertyDescriptor(UsersApi.prototype, "getUser"));
const users = createClient(UsersApi, { baseURL: process.env.API_URL, retry: false });
users.getUser(1).then((user) => console.log(user.name), (error) => { console.error(error); process.exitCode = 1; });
'
dir="$(new_consumer js-require commonjs)"
printf "const { BasePath, Get, Path, createClient, declared } = require('restfit');\n%s" "$js_service" >"$dir/index.js"
expect_output js-require node "$dir/index.js"

dir="$(new_consumer js-import module)"
printf "import { BasePath, Get, Path, createClient, declared } from 'restfit';\n%s" "$js_service" >"$dir/index.js"
expect_output js-import node "$dir/index.js"

echo "check-package: every consumer typechecked and called the local server"
