;; Matrix-vector product for the recurrent layers of @bot/neural, in WebAssembly SIMD (f32x4).
;;
;; gemv(v, w, bias, z, n, blocks) computes, for each block b < blocks of 16 output columns,
;;   z[16b + c] = bias[16b + c] + sum_{k < n} v[k] * w[b][k][c]      (c < 16)
;; where every pointer is a byte offset into the exported memory, all values are f32, and the weights are packed
;; block-major (w[b][k][0..16] contiguous, 64 bytes per k), so the inner loop streams through memory. The sum runs
;; in k order with four 4-lane accumulators per block (one per group of 4 columns), i.e. each output is a plain
;; sequential f32 sum of products, which is what the tfjs cpu/wasm matMul kernels compute up to summation order.
;; n must be at least 1.
(module
  (memory (export "memory") 1)
  (func (export "gemv")
    (param $v i32) (param $w i32) (param $bias i32) (param $z i32) (param $n i32) (param $blocks i32)
    (local $k i32) (local $vp i32) (local $s v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (block $done
      (loop $block
        (br_if $done (i32.eqz (local.get $blocks)))
        (local.set $a0 (v128.load offset=0 (local.get $bias)))
        (local.set $a1 (v128.load offset=16 (local.get $bias)))
        (local.set $a2 (v128.load offset=32 (local.get $bias)))
        (local.set $a3 (v128.load offset=48 (local.get $bias)))
        (local.set $vp (local.get $v))
        (local.set $k (local.get $n))
        (loop $inner
          (local.set $s (v128.load32_splat (local.get $vp)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load offset=0 (local.get $w)))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $w)))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $w)))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $w)))))
          (local.set $w (i32.add (local.get $w) (i32.const 64)))
          (local.set $vp (i32.add (local.get $vp) (i32.const 4)))
          (br_if $inner (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
        (v128.store offset=0 (local.get $z) (local.get $a0))
        (v128.store offset=16 (local.get $z) (local.get $a1))
        (v128.store offset=32 (local.get $z) (local.get $a2))
        (v128.store offset=48 (local.get $z) (local.get $a3))
        (local.set $z (i32.add (local.get $z) (i32.const 64)))
        (local.set $bias (i32.add (local.get $bias) (i32.const 64)))
        (local.set $blocks (i32.sub (local.get $blocks) (i32.const 1)))
        (br $block)))))
