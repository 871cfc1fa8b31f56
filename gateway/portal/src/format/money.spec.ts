import { describe, expect, it } from 'vitest'
import { formatFixed2, sumScaled } from './decimal'
import { compareYuan, formatRate, formatWan, formatYuan, wanToYuan, yuanToWanInput } from './money'

describe('万元 typed, 元 sent', () => {
  it.each([
    ['300.00', 3_000_000],
    ['300', 3_000_000],
    ['299.99', 2_999_900],
    ['0.01', 100],
    ['0.000001', 0.01],
    ['299.999999', 2_999_999.99],
    ['1,000.50', 10_005_000],
    ['0', 0],
    [' 12.5 ', 125_000],
  ])('%s 万元 is %d 元', (wan, yuan) => {
    expect(wanToYuan(wan)).toBe(yuan)
  })

  it.each(['', 'abc', '-1', '1.0000001', '1e6', '12.', '.5', '1..2'])('refuses %j', (text) => {
    expect(wanToYuan(text)).toBeNull()
  })

  it('sends the exact cents, without the drift of multiplying floats', () => {
    // 1.1 * 10000 is 11000.000000000002 in floating point.
    expect(wanToYuan('1.1')).toBe(11_000)
    expect(wanToYuan('0.07')).toBe(700)
    expect(JSON.stringify({ amount: wanToYuan('299.999999') })).toBe('{"amount":2999999.99}')
  })
})

describe('元 received, 万元 shown', () => {
  it.each([
    [3_000_000, '300.00'],
    [2_999_900, '299.99'],
    [2_999_999.99, '300.00'],
    [2_999_949.99, '299.99'],
    [500_050, '50.01'],
    [500_049.99, '50.00'],
    [10_000_000_000, '1,000,000.00'],
    [0, '0.00'],
    ['3000000.00', '300.00'],
    [-3_500_000, '-350.00'],
  ])('%s 元 shows as %s 万元', (yuan, wan) => {
    expect(formatWan(yuan)).toBe(wan)
  })

  it('shows a dash for no amount', () => {
    expect(formatWan(null)).toBe('—')
    expect(formatWan(undefined, '')).toBe('')
  })

  it('round-trips 万元 through 元 and back into a form exactly', () => {
    expect(yuanToWanInput(3_000_000)).toBe('300.00')
    expect(yuanToWanInput(2_999_999.99)).toBe('299.999999')
    expect(yuanToWanInput(123_456)).toBe('12.3456')
    expect(wanToYuan(yuanToWanInput(2_999_999.99))).toBe(2_999_999.99)
    expect(yuanToWanInput(null)).toBe('')
  })

  it('shows 元 with separators and cents', () => {
    expect(formatYuan(3_000_000)).toBe('3,000,000.00')
    expect(formatYuan(0.1 + 0.2)).toBe('0.30')
  })

  it('compares amounts exactly', () => {
    expect(compareYuan(2_999_999.99, 3_000_000)).toBe(-1)
    expect(compareYuan('3000000.00', 3_000_000)).toBe(0)
    expect(compareYuan(8_000_000, 5_000_000)).toBe(1)
  })
})

describe('rates and points', () => {
  it.each([
    [0.2, '20.00%'],
    [0.2667, '26.67%'],
    [0.26666, '26.67%'],
    [0.12345, '12.35%'],
    [0, '0.00%'],
    [1, '100.00%'],
  ])('rate %s shows as %s', (rate, text) => {
    expect(formatRate(rate)).toBe(text)
  })

  it('shows no rate when the server has none (Σ送审 = 0)', () => {
    expect(formatRate(null)).toBe('—')
  })

  it('sums points exactly', () => {
    expect(sumScaled(['33.33', '33.33', '33.34'], 2)).toBe(10_000n)
    expect(sumScaled([0.1, 0.2, '', null, 'x'], 2)).toBe(30n)
    expect(formatFixed2(84.99)).toBe('84.99')
    expect(formatFixed2('85')).toBe('85.00')
  })
})
