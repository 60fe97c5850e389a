/** Result of {@link bfgs}. */
export interface BfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly gradientNorm: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

/**
 * Minimises a smooth function with BFGS (inverse-Hessian update, backtracking Armijo line search). `fg` returns
 * the value and writes the gradient into its second argument. Converged when the largest gradient component is
 * below `gTol`, or when a line search cannot improve and the gradient is already small (`10 gTol`).
 * Internal: the GARCH fit uses it on an unconstrained, well-scaled parametrisation.
 */
export function bfgs(
  fg: (x: Float64Array, grad: Float64Array) => number,
  start: ArrayLike<number>,
  options: { gTol?: number; maxIterations?: number } = {},
): BfgsResult {
  const n = start.length;
  const gTol = options.gTol ?? 1e-7;
  const maxIterations = options.maxIterations ?? 200;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let f = fg(x, g);
  let evaluations = 1;
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  const d = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  let first = true;
  const norm = (v: Float64Array): number => {
    let m = 0;
    for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(v[i]!));
    return m;
  };
  if (!Number.isFinite(f)) return { x, f, gradientNorm: Number.NaN, iterations, evaluations, converged };
  while (iterations < maxIterations) {
    if (norm(g) < gTol) {
      converged = true;
      break;
    }
    iterations++;
    let slope = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= H[i * n + j]! * g[j]!;
      d[i] = v;
      slope += v * g[i]!;
    }
    if (!(slope < 0)) {
      // Not a descent direction: reset to steepest descent.
      H.fill(0);
      for (let i = 0; i < n; i++) H[i * n + i] = 1;
      slope = 0;
      for (let i = 0; i < n; i++) {
        d[i] = -g[i]!;
        slope -= g[i]! * g[i]!;
      }
    }
    let step = 1;
    let fNew = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let k = 0; k < 40; k++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      fNew = fg(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      converged = norm(g) < 10 * gTol;
      break;
    }
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
      sy += s[i]! * y[i]!;
      yy += y[i]! * y[i]!;
    }
    if (sy > 1e-300) {
      if (first) {
        const scale = sy / yy;
        for (let i = 0; i < n * n; i++) H[i] = H[i]! * scale;
        first = false;
      }
      let yHy = 0;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += H[i * n + j]! * y[j]!;
        Hy[i] = v;
        yHy += y[i]! * v;
      }
      const rho = 1 / sy;
      const c = (1 + rho * yHy) * rho;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] = H[i * n + j]! + c * s[i]! * s[j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!);
        }
      }
    }
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    const fOld = f;
    f = fNew;
    if (Math.abs(fOld - f) <= 1e-15 * Math.max(1, Math.abs(f)) && norm(g) < 10 * gTol) {
      converged = true;
      break;
    }
  }
  return { x, f, gradientNorm: norm(g), iterations, evaluations, converged };
}
