/** One dependency `/readyz` asks about (Atrium, Redis); the HTTP route lives in the transport. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean>;
}
