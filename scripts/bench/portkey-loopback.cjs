// Preloaded into Portkey (node --require): its server calls listen(port) with no host, which binds
// every interface; this makes any listen() without a host bind 127.0.0.1 only.
const net = require("node:net");

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const [first, second] = args;
  if (typeof first === "object" && first !== null && !first.host && first.port !== undefined && !first.path) {
    args[0] = { ...first, host: "127.0.0.1" };
  } else if ((typeof first === "number" || /^\d+$/.test(String(first))) && typeof second !== "string") {
    if (second === undefined || second === null) args[1] = "127.0.0.1";
    else args.splice(1, 0, "127.0.0.1");
  }
  return listen.apply(this, args);
};
