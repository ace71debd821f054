// The client side of SCRAM (RFC 5802), for gateway tests that authenticate over raw frames.
import { randomBytes } from 'node:crypto';
import { hash, hmac, saltedPassword, type ScramMechanism } from '../../gateway/sasl/scram-crypto.ts';

export class ScramClient {
  private readonly bare: string;
  private serverSignature: string | undefined;

  constructor(
    private readonly mechanism: ScramMechanism,
    private readonly user: string,
    private readonly password: string,
    nonce = randomBytes(12).toString('base64'),
  ) {
    this.bare = `n=${user.replaceAll('=', '=3D').replaceAll(',', '=2C')},r=${nonce}`;
  }

  first(): Buffer {
    return Buffer.from(`n,,${this.bare}`, 'utf8');
  }

  final(serverFirst: Buffer): Buffer {
    const text = serverFirst.toString('utf8');
    const attrs = new Map(text.split(',').map((p) => [p[0]!, p.slice(2)]));
    const salted = saltedPassword(this.mechanism, this.password, Buffer.from(attrs.get('s')!, 'base64'), Number(attrs.get('i')));
    const clientKey = hmac(this.mechanism, salted, 'Client Key');
    const withoutProof = `c=biws,r=${attrs.get('r')}`;
    const authMessage = `${this.bare},${text},${withoutProof}`;
    const signature = hmac(this.mechanism, hash(this.mechanism, clientKey), authMessage);
    const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!));
    this.serverSignature = hmac(this.mechanism, hmac(this.mechanism, salted, 'Server Key'), authMessage).toString('base64');
    return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`, 'utf8');
  }

  /** Whether the server's final message proves it knows the password too. */
  verify(serverFinal: Buffer): boolean {
    return serverFinal.toString('utf8') === `v=${this.serverSignature}`;
  }
}
