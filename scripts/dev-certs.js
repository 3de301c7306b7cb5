// The HTTPS certificate of the dev server (npm run dev-server, npm start): office-addin-dev-certs' files in
// ~/.office-addin-dev-certs (ca.crt, and localhost.crt + localhost.key for localhost and 127.0.0.1), made on
// this machine. On Windows and macOS office-addin-dev-certs also installs the CA as trusted (Windows asks in a
// dialog, macOS for your password). On Linux nothing is installed (that would need sudo, and Chromium and
// Firefox keep their own certificate stores anyway): the steps to trust the CA are printed, and the server
// runs all the same.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const devCerts = require('office-addin-dev-certs');
const defaults = require('office-addin-dev-certs/lib/defaults');

const DAY_MS = 24 * 60 * 60 * 1000;

/** True when the certificate and key exist, belong together and stay valid for at least another day. */
function usable(certPath, keyPath) {
  try {
    const cert = new crypto.X509Certificate(fs.readFileSync(certPath));
    const key = crypto.createPrivateKey(fs.readFileSync(keyPath));
    return cert.checkPrivateKey(key) && Date.parse(cert.validTo) - Date.now() > DAY_MS;
  } catch {
    return false;
  }
}

function trustSteps() {
  const ca = defaults.caCertificatePath;
  return [
    `To trust it, import the CA ${ca}:`,
    `  Chromium/Chrome: certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "${defaults.certificateName}" -i "${ca}"`,
    '                   (Debian package libnss3-tools), or Settings > Privacy and security > Security >',
    '                   Manage certificates > Authorities > Import.',
    '  Firefox:         Settings > Privacy & Security > Certificates > View Certificates > Authorities > Import.',
    `  System store:    sudo cp "${ca}" /usr/local/share/ca-certificates/office-addin-dev-certs-ca.crt &&`,
    '                   sudo update-ca-certificates',
    'Until then the browser warns about the certificate; the server runs regardless.',
  ];
}

/** Makes the certificate files when they are missing or about to expire. */
async function generate() {
  const { caCertificatePath, localhostCertificatePath, localhostKeyPath } = defaults;
  // generateCertificates writes nothing when a CA file exists already
  for (const file of [caCertificatePath, localhostCertificatePath, localhostKeyPath])
    fs.rmSync(file, { force: true });
  await devCerts.generateCertificates();
}

/** { ca, cert, key } for webpack-dev-server's https server. */
async function devServerHttpsOptions(log = console.log) {
  const { caCertificatePath, localhostCertificatePath, localhostKeyPath } = defaults;
  if (process.platform === 'win32' || process.platform === 'darwin') {
    try {
      await devCerts.ensureCertificatesAreInstalled();
    } catch (error) {
      log(`Could not install the development CA as trusted: ${error.message}`);
      log(
        `Run \`npx office-addin-dev-certs install\` to try again; the server runs with an untrusted certificate.`,
      );
      if (!usable(localhostCertificatePath, localhostKeyPath)) await generate();
    }
  } else {
    if (!usable(localhostCertificatePath, localhostKeyPath) || !fs.existsSync(caCertificatePath))
      await generate();
    log(`HTTPS certificate: ${localhostCertificatePath} (made by office-addin-dev-certs).`);
    trustSteps().forEach((line) => log(line));
  }
  return {
    ca: fs.readFileSync(caCertificatePath),
    cert: fs.readFileSync(localhostCertificatePath),
    key: fs.readFileSync(localhostKeyPath),
  };
}

module.exports = { devServerHttpsOptions, usable };
