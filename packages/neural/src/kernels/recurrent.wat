;; WebAssembly SIMD (f32x4) kernels for the recurrent layers of @bot/neural (see recurrentKernel.ts).
;; Pointers are byte offsets into the exported memory; every value is f32; unit counts are multiples of 4 (layers
;; are padded with zero units).
;;
;; gemv(v, w, bias, z, n, blocks): for each block b < blocks of 16 output columns,
;;   z[16b + c] = bias[16b + c] + sum_{k < n} v[k] * w[b][k][c]      (c < 16)
;; with the weights packed block-major (w[b][k][0..16] contiguous, 64 bytes per k) so the inner loop streams through
;; memory. The sum runs in k order in four 4-lane accumulators (one per group of 4 columns): each output is a plain
;; sequential f32 sum of products, as in the tfjs matMul kernels up to summation order. n >= 1.
;;
;; Activations follow Keras/tfjs: hard sigmoid = clip(0.2 x + 0.5, 0, 1); tanh is the rational approximation
;; TensorFlow uses for float32 through Eigen (odd degree-13 numerator over even degree-6 denominator on x clamped to
;; +-7.9053111), within 3.3e-7 of the exact tanh everywhere (tested).
(module
  (memory (export "memory") 1)

  (func $hard_sigmoid (param $x v128) (result v128)
    (f32x4.min
      (f32x4.max
        (f32x4.add (f32x4.mul (local.get $x) (v128.const f32x4 0.2 0.2 0.2 0.2)) (v128.const f32x4 0.5 0.5 0.5 0.5))
        (v128.const f32x4 0 0 0 0))
      (v128.const f32x4 1 1 1 1)))

  (func $tanh (param $x v128) (result v128)
    (local $x2 v128) (local $p v128) (local $q v128)
    (local.set $x
      (f32x4.min
        (f32x4.max (local.get $x) (v128.const f32x4 -7.90531110763549805 -7.90531110763549805 -7.90531110763549805 -7.90531110763549805))
        (v128.const f32x4 7.90531110763549805 7.90531110763549805 7.90531110763549805 7.90531110763549805)))
    (local.set $x2 (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $p
      (f32x4.add (f32x4.mul (local.get $x2) (v128.const f32x4 -2.76076847742355e-16 -2.76076847742355e-16 -2.76076847742355e-16 -2.76076847742355e-16))
        (v128.const f32x4 2.00018790482477e-13 2.00018790482477e-13 2.00018790482477e-13 2.00018790482477e-13)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $x2) (local.get $p))
      (v128.const f32x4 -8.60467152213735e-11 -8.60467152213735e-11 -8.60467152213735e-11 -8.60467152213735e-11)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $x2) (local.get $p))
      (v128.const f32x4 5.12229709037114e-08 5.12229709037114e-08 5.12229709037114e-08 5.12229709037114e-08)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $x2) (local.get $p))
      (v128.const f32x4 1.48572235717979e-05 1.48572235717979e-05 1.48572235717979e-05 1.48572235717979e-05)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $x2) (local.get $p))
      (v128.const f32x4 6.37261928875436e-04 6.37261928875436e-04 6.37261928875436e-04 6.37261928875436e-04)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $x2) (local.get $p))
      (v128.const f32x4 4.89352455891786e-03 4.89352455891786e-03 4.89352455891786e-03 4.89352455891786e-03)))
    (local.set $p (f32x4.mul (local.get $x) (local.get $p)))
    (local.set $q
      (f32x4.add (f32x4.mul (local.get $x2) (v128.const f32x4 1.19825839466702e-06 1.19825839466702e-06 1.19825839466702e-06 1.19825839466702e-06))
        (v128.const f32x4 1.18534705686654e-04 1.18534705686654e-04 1.18534705686654e-04 1.18534705686654e-04)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $x2) (local.get $q))
      (v128.const f32x4 2.26843463243900e-03 2.26843463243900e-03 2.26843463243900e-03 2.26843463243900e-03)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $x2) (local.get $q))
      (v128.const f32x4 4.89352518554385e-03 4.89352518554385e-03 4.89352518554385e-03 4.89352518554385e-03)))
    (f32x4.div (local.get $p) (local.get $q)))

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
        (br $block))))

  ;; lstm_cell(z, c, h, out, units): z holds the pre-activations of gates i, f, c, o, `units` floats each. For each
  ;; unit: c = f * c + i * tanh(zc); h = o * tanh(c), written to h and out.
  (func (export "lstm_cell") (param $z i32) (param $c i32) (param $h i32) (param $out i32) (param $units i32)
    (local $stride i32) (local $g v128) (local $cc v128) (local $hh v128)
    (local.set $stride (i32.shl (local.get $units) (i32.const 2)))
    (block $done
      (loop $group
        (br_if $done (i32.le_s (local.get $units) (i32.const 0)))
        (local.set $cc
          (f32x4.add
            (f32x4.mul
              (call $hard_sigmoid (v128.load (i32.add (local.get $z) (local.get $stride))))
              (v128.load (local.get $c)))
            (f32x4.mul
              (call $hard_sigmoid (v128.load (local.get $z)))
              (call $tanh (v128.load (i32.add (local.get $z) (i32.shl (local.get $stride) (i32.const 1))))))))
        (v128.store (local.get $c) (local.get $cc))
        (local.set $hh
          (f32x4.mul
            (call $hard_sigmoid (v128.load (i32.add (local.get $z) (i32.mul (local.get $stride) (i32.const 3)))))
            (call $tanh (local.get $cc))))
        (v128.store (local.get $h) (local.get $hh))
        (v128.store (local.get $out) (local.get $hh))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $units (i32.sub (local.get $units) (i32.const 4)))
        (br $group))))

  ;; gru_reset(z, h, rh, units): z holds the pre-activations of gates z then r; rh = hard_sigmoid(r) * h.
  (func (export "gru_reset") (param $z i32) (param $h i32) (param $rh i32) (param $units i32)
    (local $stride i32)
    (local.set $stride (i32.shl (local.get $units) (i32.const 2)))
    (block $done
      (loop $group
        (br_if $done (i32.le_s (local.get $units) (i32.const 0)))
        (v128.store (local.get $rh)
          (f32x4.mul
            (call $hard_sigmoid (v128.load (i32.add (local.get $z) (local.get $stride))))
            (v128.load (local.get $h))))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (local.set $rh (i32.add (local.get $rh) (i32.const 16)))
        (local.set $units (i32.sub (local.get $units) (i32.const 4)))
        (br $group))))

  ;; gru_update(z, zc, h, out, units): h = zz * h + (1 - zz) * tanh(zc) with zz = hard_sigmoid(z), written to h
  ;; and out (Keras: the update gate weighs the previous state).
  (func (export "gru_update") (param $z i32) (param $zc i32) (param $h i32) (param $out i32) (param $units i32)
    (local $zz v128) (local $hh v128)
    (block $done
      (loop $group
        (br_if $done (i32.le_s (local.get $units) (i32.const 0)))
        (local.set $zz (call $hard_sigmoid (v128.load (local.get $z))))
        (local.set $hh
          (f32x4.add
            (f32x4.mul (local.get $zz) (v128.load (local.get $h)))
            (f32x4.mul
              (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $zz))
              (call $tanh (v128.load (local.get $zc))))))
        (v128.store (local.get $h) (local.get $hh))
        (v128.store (local.get $out) (local.get $hh))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $zc (i32.add (local.get $zc) (i32.const 16)))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $units (i32.sub (local.get $units) (i32.const 4)))
        (br $group))))

  ;; tanh_array(x, y, count): y[i] = tanh(x[i]) for count (multiple of 4) values; exposes the approximation to tests.
  (func (export "tanh_array") (param $x i32) (param $y i32) (param $count i32)
    (block $done
      (loop $group
        (br_if $done (i32.le_s (local.get $count) (i32.const 0)))
        (v128.store (local.get $y) (call $tanh (v128.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $count (i32.sub (local.get $count) (i32.const 4)))
        (br $group)))))
