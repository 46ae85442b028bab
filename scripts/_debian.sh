# Sourced by scripts/build and scripts/test: install missing Debian packages,
# through sudo when not root.
ensure_debian_packages() {
  local missing=() pkg sudo=""
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# What building the PDFs needs: HarfBuzz subsetting (fast, byte-reproducible
# font subsets) and the fonts the templates name.
PDF_PACKAGES=(libharfbuzz-subset0 fonts-dejavu-core fonts-liberation)
