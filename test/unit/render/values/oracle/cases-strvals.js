// Writes cases/strvals.json: inputs for the strvals oracle (Go fills in "out" and "err").
import { writeFileSync } from "node:fs";

const cases = [];
const add = (fn, s, base) => cases.push(base === undefined ? { fn, s } : { fn, s, base });
const m = (o) => ({ m: o });

const common = [
  "", "a", "a=", "a=b", "a=b,c=d", "a=b,", "a=b,,c=d", ",", ",a=b", "a", "a,b", "a.b", "a.b=", "a.b=c", "a.b.c=d,a.b.e=f",
  "a=1", "a=0", "a=00", "a=01", "a=-1", "a=+1", "a=-0", "a=+0", "a=1.5", "a=1e3", "a=0x10", "a=1_000", "a=9223372036854775807",
  "a=9223372036854775808", "a=-9223372036854775808", "a=-9223372036854775809", "a= 1", "a=1 ", "a=true", "a=TRUE", "a=True",
  "a=false", "a=FaLsE", "a=null", "a=NULL", "a=Null", "a=nil", "a=~", "a=yes", "a=on", "a=tRuE,b=fAlSe",
  "a={}", "a={x}", "a={x,y}", "a={x,y},b=c", "a={1,true,null,x}", "a={x", "a={x,", "a={x}y", "a={x}}", "a={{x}}", "a={x\\,y,z}",
  "a={ x , y }", "a={,}", "a={x,,y}", "a=x{y}", "a=}", "a={", "a[0]=x", "a[1]=x", "a[0]=x,a[1]=y", "a[1]=y,a[0]=x", "a[0]=x,a[0]=y",
  "a[0]", "a[0]=", "a[0]=1", "a[0]={x,y}", "a[0]={x", "a[0].b=c", "a[0].b=c,a[0].d=e", "a[1].b=c,a[0].d=e", "a[0][0]=x",
  "a[0][1]=x,a[0][0]=y", "a[0][0][0]=x", "a[1][0]=x,a[0][0]=y", "a[0].b[0].c=d", "a[-1]=x", "a[x]=y", "a[]=x", "a[ 1]=x", "a[+1]=x",
  "a[01]=x", "a[65536]=x", "a[65537]=x", "a[99999999999999999999]=x", "a[0]x=y", "a[0]b", "a[0", "a[", "a]=x", "a[0]]=x",
  "a[0].=x", "a[0][", "a[0][x]=y", "a[0]=x,a[1", "a.b[0]=c", "a.b[1]=c,a.b[0]=d", "[0]=x", ".a=b", "a..b=c", "a.=b", "=b", "=",
  "a==b", "a=b=c", "a.b=c=d", "a\\.b=c", "a\\=b=c", "a=b\\,c", "a=b\\", "a\\", "a=\\,", "a=\\\\", "a\\[0]=x", "a=b\\c",
  "name1=value1,name2=value2", "outer.inner1=value1,outer.inner3=value3,outer.inner4=4", "list[0].foo=bar,list[0].hello=world",
  "a=é", "é=a", "a=日本", "a b=c", " a=b", "a=b ,c=d", "a=b, c=d", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.aa.ab.ac.ad=x",
  "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.aa.ab.ac.ad.ae=x", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.aa.ab.ac.ad.ae.af=x",
  "a=1,a=2", "a=1,a.b=2", "a.b=1,a=2", "a=1,a[0]=2", "a[0]=1,a=2", "a.b=1,a[0]=2", "a[0]=1,a.b=2", "a=null,a.b=1", "a[2]=x,a[0].b=y",
  "a[0]=x,a[0].b=y", "a[0].b=y,a[0]=x", "a[0]=x,a[0][0]=y", "a[1]=x,a[0][0]=y", "a[0]=null,a[0][0]=y",
  "a.b.c=1,a.b.d=2,a.e=3", "a=b,c", "a=b,c.d", "a=b,c[0]", "a.b", "a.b,c=d", "a.b.c", "a[0].b", "a=1,,", "a=1,b=", "a,=1",
];
for (const fn of ["set", "string", "json", "literal", "file"]) for (const s of common) add(fn, s);

// --set-json specifics.
for (const s of [
  'a="x"', 'a="x",b="y"', "a=1", "a=1.5", "a=-0", "a=1e400", "a=true", "a=null", "a=", "a= ", "a=  ,b=1", "a={\"b\":1}", "a={\"b\":{\"c\":[1,2]}}",
  "a=[1,2,3]", "a=[1,\"x\",null,{}]", "a=[1,2", "a={\"b\":", "a=x", "a=tru", "a=\"x\"y", "a=\"x\" ,b=2", "a=\"x\" y", "a=1x", "a=1,b=x",
  "a.b=[1]", "a[0]={\"x\":1}", "a[0]=[1],a[1]=2", "a[1]=\"x\"", "a[0]=", "a[0]= ,a[1]=1", "a[0]=x", "a[0]=[", "a=\"\\u00e9\"", "a=\"é\",b=1",
  "a=\"x,y\"", "a=[\"x,y\"],b=1", "a={\"k\":\"v\"} , b=2", "a=\t1", "a=01", "a=1.", "a=.5", "a=\"\\x\"", "a={}", "a=[]", "a={} x",
  "a[65537]=1", "a[0]=1e400", "a=\u00a01", "a={\"a\":1,\"a\":2}", "a.b=\"x\",a.c=2", "a=\"unterminated",
]) add("json", s);

// --set-literal specifics.
for (const s of ["a=b,c=d", "a.b=c,d", "a=\\,x", "a[0]=x,y", "a={x,y}", "a=b=c", "a[0].b=c=d", "a\\.b=c", "a=", "a.b.c=", "a[0][1]=x"]) add("literal", s);

// --set-file specifics.
for (const s of ["a=path", "a=missing", "a=missing,b=c", "a={p1,p2}", "a={p1,missing}", "a[0]=p", "a[0]=missing", "a.b=p,c=q"]) add("file", s);

// Existing destinations (values from -f files and earlier --set flags).
const bases = [
  m({ a: "str" }), m({ a: { f: "1" } }), m({ a: { i64: "1" } }), m({ a: true }), m({ a: null }), m({ a: ["x", "y"] }), m({ a: m({ b: "c" }) }),
  m({ a: [m({ b: "c" }), "s", null] }), m({ a: [["x"], null] }),
];
for (const base of bases) {
  for (const s of ["a=z", "a.b=z", "a.c=z", "a[0]=z", "a[3]=z", "a[0].b=z", "a[1].b=z", "a[0][0]=z", "a[1][0]=z", "a[2][0]=z", "a=null", "a.b=null", "a[0]=null"]) {
    for (const fn of ["set", "json", "literal"]) add(fn, s, base);
  }
}

// Random lines over the syntax's characters.
let seed = 12345;
const rnd = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const atoms = ["a", "b", "c", "=", "=", ",", ".", "[", "]", "0", "1", "{", "}", "\\", " ", "null", "true", "x", "[0]", "[1]", "\"", "-"];
for (let i = 0; i < 400; i++) {
  let s = "";
  const len = 1 + rnd(12);
  for (let j = 0; j < len; j++) s += atoms[rnd(atoms.length)];
  add(["set", "string", "json", "literal"][i % 4], s);
}

writeFileSync(process.argv[2], JSON.stringify(cases, null, 1) + "\n");
console.log(cases.length, "cases");
